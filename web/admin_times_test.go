package web

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"masthead"
)

// TestStaffTimesInSiteZone sets the site in Berlin (an hour ahead of UTC
// in March) and checks that the editor's status line, corrections and
// history, and the comparison of revisions, show Berlin times.
func TestStaffTimesInSiteZone(t *testing.T) {
	rig := newEditorRig(t)
	ctx := context.Background()
	site, err := rig.store.FindSite(ctx)
	must(t, err)
	site.TimeZone = "Europe/Berlin"
	must(t, rig.store.UpdateSite(ctx, site))
	lead, err := rig.store.FindArticleByID(ctx, rig.lead.ID)
	must(t, err)
	lead.Dek = "A changed dek."
	must(t, rig.store.UpdateArticle(ctx, lead))
	must(t, rig.store.AddCorrection(ctx, &masthead.Correction{ArticleID: lead.ID, Kind: masthead.CorrectionKind, Text: "A name was misspelt."}))

	fetch := func(path string) *html.Node {
		t.Helper()
		res := send(t, rig.server, "GET", path, nil, rig.cookies[masthead.RoleEditor])
		if res.StatusCode != http.StatusOK {
			t.Fatalf("%s: status %d", path, res.StatusCode)
		}
		return parse(t, body(t, res))
	}
	times := func(n *html.Node) []string {
		var out []string
		for _, tm := range findAll(n, byTag("time")) {
			out = append(out, attr(tm, "datetime")+" "+text(tm))
		}
		return out
	}
	check := func(where string, got []string, want ...string) {
		t.Helper()
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("%s times = %q, want %q", where, got, want)
		}
	}

	editor := fetch(fmt.Sprintf("/admin/articles/%d", lead.ID))
	status := first(t, editor, byID("article-status"), "the status").Parent
	check("status line", times(status), "2026-03-14T12:50:00+01:00 14 March 2026, 12:50 CET")
	check("corrections", times(first(t, editor, byClass("add-correction"), "the corrections")),
		"2026-03-14T13:00:00+01:00 14 March 2026, 13:00 CET")
	history := first(t, editor, byClass("revisions"), "the history")
	check("history", times(history),
		"2026-03-14T13:00:00+01:00 14 March 2026, 13:00 CET", "2026-03-14T13:00:00+01:00 14 March 2026, 13:00 CET")

	// The entries carry their own numbers, so the list numbers none.
	if ordered := findAll(history, byTag("ol")); len(ordered) != 0 {
		t.Error("the history is an ordered list, numbered twice")
	}
	entries := findAll(history, byTag("li"))
	if len(entries) != 2 || !strings.HasPrefix(text(entries[0]), "Revision 2:") || !strings.HasPrefix(text(entries[1]), "Revision 1:") {
		t.Errorf("history entries = %d, first %q", len(entries), text(entries[0]))
	}

	changes := fetch(fmt.Sprintf("/admin/articles/%d/revisions?from=1&to=2", lead.ID))
	check("revision comparison", times(first(t, changes, byClass("meta"), "the revisions line")),
		"2026-03-14T13:00:00+01:00 14 March 2026, 13:00 CET", "2026-03-14T13:00:00+01:00 14 March 2026, 13:00 CET")
}
