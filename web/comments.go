package web

import (
	"strconv"
	"time"

	"masthead"
)

// commentNode is an approved comment with its replies, as the thread shows
// it.
type commentNode struct {
	*masthead.Comment
	Anchor   string // "comment-42"
	Created  time.Time
	Depth    int // 1 for top-level comments
	Children []*commentNode
}

// threadComments arranges comments, oldest first, into threads. Replies
// deeper than maxDepth join their ancestor at maxDepth, as WordPress does;
// replies whose parent is not shown (held, spam) move up to the top level
// rather than disappearing.
func threadComments(comments []*masthead.Comment, maxDepth int, loc *time.Location) []*commentNode {
	maxDepth = max(1, maxDepth)
	nodes := make(map[int64]*commentNode, len(comments))
	var roots []*commentNode
	for _, c := range comments {
		n := &commentNode{Comment: c, Anchor: "comment-" + strconv.FormatInt(c.ID, 10), Created: c.CreatedAt.In(loc), Depth: 1}
		nodes[c.ID] = n
		parent := nodes[c.ParentID]
		if parent == nil {
			roots = append(roots, n)
			continue
		}
		for parent.Depth >= maxDepth {
			parent = nodes[parent.ParentID]
		}
		n.Depth = parent.Depth + 1
		parent.Children = append(parent.Children, n)
	}
	return roots
}
