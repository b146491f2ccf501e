package pagecache

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"slices"
	"testing"

	"masthead"
)

func TestWebhookSendsThePurgedKeys(t *testing.T) {
	calls := make(chan []string, 10)
	release := make(chan struct{})
	endpoint := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var body struct{ Keys []string }
		if r.Method != http.MethodPost || r.Header.Get("Content-Type") != "application/json" || json.NewDecoder(r.Body).Decode(&body) != nil {
			t.Errorf("the webhook got %s %s", r.Method, r.Header.Get("Content-Type"))
		}
		calls <- body.Keys
		<-release
	}))
	defer endpoint.Close()
	h := NewWebhook(endpoint.URL, nil)

	h.Notify([]masthead.ChangeKey{masthead.ArticleKey(1), masthead.KeyFront})
	if got := <-calls; !slices.Equal(got, []string{"a:1", "front"}) {
		t.Fatalf("first call: %v", got)
	}
	// While that call is under way, two purges come: one call sends both.
	h.Notify([]masthead.ChangeKey{masthead.TagKey(3)})
	h.Notify([]masthead.ChangeKey{masthead.AuthorKey(2), masthead.TagKey(3)})
	release <- struct{}{}
	if got := <-calls; !slices.Equal(got, []string{"t:3", "u:2"}) {
		t.Fatalf("second call: %v", got)
	}
	// Everything is "*" alone.
	h.Notify([]masthead.ChangeKey{masthead.ArticleKey(5), masthead.KeyAll})
	release <- struct{}{}
	if got := <-calls; !slices.Equal(got, []string{"*"}) {
		t.Fatalf("a purge of everything: %v", got)
	}
	close(release)
	h.Close()
}
