package main

import (
	"sort"
	"strings"
)

// textEdit replaces src[start:end] with text (an insertion when start == end).
// Edits are made on the text, at positions the parser found, so comments and
// the user's layout stay where they were; gofmt then tidies the result.
type textEdit struct {
	start, end int
	text       string
}

// splice applies edits from the end backwards so earlier offsets stay valid;
// of two insertions at one offset, the one added first comes first.
func splice(src string, edits []textEdit) string {
	order := make([]int, len(edits))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool {
		ea, eb := edits[order[a]], edits[order[b]]
		if ea.start != eb.start {
			return ea.start > eb.start
		}
		return order[a] > order[b]
	})
	var b strings.Builder
	out := src
	for _, i := range order {
		e := edits[i]
		b.Reset()
		b.WriteString(out[:e.start])
		b.WriteString(e.text)
		b.WriteString(out[e.end:])
		out = b.String()
	}
	return out
}
