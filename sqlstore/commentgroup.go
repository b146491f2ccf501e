package sqlstore

import (
	"context"
	"fmt"
	"sync"

	"masthead"
)

// maxGroup bounds how many batches share a transaction, so that one
// commit never waits for an unbounded amount of work.
const maxGroup = 64

// commentGroup gathers the comment batches submitted while the writer is
// busy and stores them together: one transaction, one commit, one wait
// for the disk, however many readers posted at that moment. A goroutine
// leads while batches wait and ends when none do.
type commentGroup struct {
	mu      sync.Mutex
	waiting []*groupedBatch
	leading bool
	// pending counts the batches submitted and not yet done, for tests.
	pending int
}

// groupedBatch is one SubmitComments call waiting for its group.
type groupedBatch struct {
	ctx   context.Context
	batch []masthead.BatchComment
	opts  masthead.SubmitOptions
	err   error
	done  chan struct{}
}

// submit queues the batch and returns once the transaction holding it has
// committed, or with the reason it was not stored. A batch whose context
// ends before its group begins is not stored; once its group has begun it
// is stored or not with the group, and submit waits for the outcome so
// that the caller never answers before the commit.
func (g *commentGroup) submit(ctx context.Context, s *Store, batch []masthead.BatchComment, opts masthead.SubmitOptions) error {
	b := &groupedBatch{ctx: ctx, batch: batch, opts: opts, done: make(chan struct{})}
	g.mu.Lock()
	g.waiting = append(g.waiting, b)
	g.pending++
	if !g.leading {
		g.leading = true
		go g.lead(s)
	}
	g.mu.Unlock()
	<-b.done
	return b.err
}

// lead stores waiting batches a group at a time until none wait.
func (g *commentGroup) lead(s *Store) {
	for {
		g.mu.Lock()
		n := min(len(g.waiting), maxGroup)
		if n == 0 {
			g.leading = false
			g.mu.Unlock()
			return
		}
		group := g.waiting[:n:n]
		g.waiting = append([]*groupedBatch(nil), g.waiting[n:]...)
		g.mu.Unlock()
		s.storeGroup(group)
		g.mu.Lock()
		g.pending -= len(group)
		g.mu.Unlock()
		for _, b := range group {
			close(b.done)
		}
	}
}

// savepoint names the savepoint each batch of a group is written under.
const savepoint = "comment_batch"

// storeGroup writes the batches of a group in one transaction, each under
// a savepoint that a failure rolls back to, so that a refused batch (a
// network over its limit) takes nothing of the others with it, and sets
// each batch's outcome.
func (s *Store) storeGroup(group []*groupedBatch) {
	// The transaction serves every batch of the group, so no one
	// caller's context may cut it short; each batch's own context is
	// asked before it is written.
	ctx := context.Background()
	failAll := func(err error) {
		for _, b := range group {
			if b.err == nil {
				b.err = err
				forgetIDs(b.batch)
			}
		}
	}
	t, err := s.begin(ctx)
	if err != nil {
		failAll(err)
		return
	}
	defer t.Rollback()
	insert, err := t.prepareStmt(ctx, commentInsert)
	if err != nil {
		failAll(fmt.Errorf("create comment: %w", err))
		return
	}
	defer insert.Close()
	alone := len(group) == 1
	for _, b := range group {
		if b.err = b.ctx.Err(); b.err != nil {
			continue
		}
		if alone {
			if b.err = submitIn(ctx, t, insert, b.batch, b.opts); b.err != nil {
				return
			}
			break
		}
		if _, err := t.exec(ctx, "SAVEPOINT "+savepoint); err != nil {
			failAll(fmt.Errorf("savepoint: %w", err))
			return
		}
		if b.err = submitIn(ctx, t, insert, b.batch, b.opts); b.err != nil {
			// Some failures (a full disk) end the whole transaction, and
			// the savepoint with it: then every batch fails.
			if _, err := t.exec(ctx, "ROLLBACK TO "+savepoint); err != nil {
				failAll(fmt.Errorf("roll back a refused batch: %w", err))
				return
			}
		}
		if _, err := t.exec(ctx, "RELEASE "+savepoint); err != nil {
			failAll(fmt.Errorf("release savepoint: %w", err))
			return
		}
	}
	for _, b := range group {
		if b.err != nil {
			continue
		}
		if err := findLastPages(ctx, t, b.batch); err != nil {
			failAll(err)
			return
		}
	}
	if err := t.Commit(); err != nil {
		failAll(err)
	}
}
