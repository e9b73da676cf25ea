module example.com/benchgo

go 1.26.0
