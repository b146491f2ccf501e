// Package jobs runs the site's background work (publishing scheduled
// articles, sending mail) on one node of a cluster at a time.
package jobs

import (
	"context"
	"log/slog"
	"time"
)

// Leader decides whether this process should run the jobs now. It is
// asked before every round, so leadership can move when a node dies.
type Leader interface {
	Lead(ctx context.Context) (bool, error)
	// Release gives leadership up, when the process stops.
	Release()
}

// Solo is the leader of a site with one process: SQLite's.
type Solo struct{}

// Lead always says yes.
func (Solo) Lead(context.Context) (bool, error) { return true, nil }

// Release has nothing to give up.
func (Solo) Release() {}

// Job is one piece of background work; it reports how much it did.
type Job struct {
	Name string
	Run  func(ctx context.Context) (int, error)
	// Wake, when set, runs the job at once whenever it receives, between
	// the rounds of the interval, while this process leads: work that
	// should not wait for the next round, such as mail just queued.
	Wake <-chan struct{}
	// Every, when set, runs the job at most once in that time, in the
	// first round it may: work measured in days (retention) need not
	// cost a transaction every few seconds.
	Every time.Duration
}

// Run runs the jobs every interval while this process leads, until ctx
// ends. onLead, when set, is told each time leadership is won or lost.
func Run(ctx context.Context, leader Leader, interval time.Duration, logger *slog.Logger, onLead func(bool), jobs ...Job) {
	defer leader.Release()
	ticker := time.NewTicker(interval)
	defer ticker.Stop()
	// Wakes of every job arrive on one channel, as the job's index.
	woken := make(chan int)
	for i, j := range jobs {
		if j.Wake == nil {
			continue
		}
		go func() {
			for {
				select {
				case <-ctx.Done():
					return
				case <-j.Wake:
				}
				select {
				case <-ctx.Done():
					return
				case woken <- i:
				}
			}
		}()
	}
	leading := false
	lastRun := make([]time.Time, len(jobs))
	for {
		lead, err := leader.Lead(ctx)
		if err != nil && ctx.Err() == nil {
			logger.Warn("job leadership", "error", err)
		}
		if lead != leading {
			leading = lead
			if onLead != nil {
				onLead(lead)
			}
		}
		if lead {
			for i, j := range jobs {
				if j.Every > 0 && !lastRun[i].IsZero() && time.Since(lastRun[i]) < j.Every {
					continue
				}
				lastRun[i] = time.Now()
				runJob(ctx, logger, j)
			}
		}
		// Until the next round, wakes run their own job: leadership is
		// asked at each round, so a wake runs only where the last round
		// led.
		for waiting := true; waiting; {
			select {
			case <-ctx.Done():
				return
			case <-ticker.C:
				waiting = false
			case i := <-woken:
				if leading {
					runJob(ctx, logger, jobs[i])
				}
			}
		}
	}
}

// runJob runs one job and logs what came of it.
func runJob(ctx context.Context, logger *slog.Logger, j Job) {
	n, err := j.Run(ctx)
	if err != nil && ctx.Err() == nil {
		logger.Error("job failed", "job", j.Name, "error", err)
	} else if n > 0 {
		logger.Info("job done", "job", j.Name, "count", n)
	}
}
