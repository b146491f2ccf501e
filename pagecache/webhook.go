package pagecache

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"slices"
	"sync"
	"time"

	"masthead"
)

// webhookTimeout bounds one call of the purge webhook.
const webhookTimeout = 10 * time.Second

// Webhook tells a CDN or proxy in front of the site which pages to drop:
// it POSTs the keys of every purge, as {"keys": ["a:12", "front"]}, to a
// URL of the operator's (a small function that calls the CDN's purge by
// surrogate key; "*" means purge everything). Purges that come while a
// call is under way are sent together in the next one, so that a burst of
// changes costs a few calls, and a slow endpoint never holds up a purge.
type Webhook struct {
	url    string
	client *http.Client
	logger *slog.Logger

	mu      sync.Mutex
	pending map[masthead.ChangeKey]bool
	wake    chan struct{}
	stop    context.CancelFunc
	done    chan struct{}
}

// NewWebhook starts sending purges to url until Close; logger hears of
// calls that failed.
func NewWebhook(url string, logger *slog.Logger) *Webhook {
	ctx, stop := context.WithCancel(context.Background())
	h := &Webhook{url: url, client: &http.Client{Timeout: webhookTimeout}, logger: logger,
		pending: map[masthead.ChangeKey]bool{}, wake: make(chan struct{}, 1), stop: stop, done: make(chan struct{})}
	go h.run(ctx)
	return h
}

// Notify queues keys for the next call; it never waits for the network.
func (h *Webhook) Notify(keys []masthead.ChangeKey) {
	if len(keys) == 0 {
		return
	}
	h.mu.Lock()
	for _, k := range keys {
		h.pending[k] = true
	}
	h.mu.Unlock()
	select {
	case h.wake <- struct{}{}:
	default: // a call is already due
	}
}

// Close sends what is queued, then stops.
func (h *Webhook) Close() {
	h.stop()
	<-h.done
}

func (h *Webhook) run(ctx context.Context) {
	defer close(h.done)
	for {
		select {
		case <-h.wake:
			h.send(ctx)
		case <-ctx.Done():
			h.send(context.Background()) // what came last is sent too
			return
		}
	}
}

// send POSTs the queued keys, all of them as "*" when one is.
func (h *Webhook) send(ctx context.Context) {
	h.mu.Lock()
	keys := make([]string, 0, len(h.pending))
	for k := range h.pending {
		if k == masthead.KeyAll {
			keys = []string{string(masthead.KeyAll)}
			break
		}
		keys = append(keys, string(k))
	}
	clear(h.pending)
	h.mu.Unlock()
	if len(keys) == 0 {
		return
	}
	slices.Sort(keys)
	body, _ := json.Marshal(map[string][]string{"keys": keys})
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, h.url, bytes.NewReader(body))
	if err == nil {
		req.Header.Set("Content-Type", "application/json")
		var res *http.Response
		if res, err = h.client.Do(req); err == nil {
			res.Body.Close()
			if res.StatusCode >= 300 {
				err = fmt.Errorf("status %d", res.StatusCode)
			}
		}
	}
	if err != nil && h.logger != nil {
		h.logger.Warn("the purge webhook failed; the CDN keeps those pages until they expire", "keys", len(keys), "error", err)
	}
}
