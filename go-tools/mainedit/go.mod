module tracekit.dev/go-tools/mainedit

// The oldest go line tracekit supports: the editor builds with any Go a service may use.
go 1.22
