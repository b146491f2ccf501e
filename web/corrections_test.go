package web

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"masthead"
)

func TestCorrections(t *testing.T) {
	rig := newEditorRig(t)
	path := fmt.Sprintf("/admin/articles/%d/corrections", rig.lead.ID)
	note := "An earlier version of this article misnamed the harbour's chair."

	if res := send(t, rig.server, "POST", path, url.Values{"kind": {"correction"}, "text": {note}}, rig.cookies[masthead.RoleAuthor]); res.StatusCode != http.StatusForbidden {
		t.Fatalf("an author adding a correction: status %d", res.StatusCode)
	}
	res := send(t, rig.server, "POST", path, url.Values{"kind": {"correction"}, "text": {"  "}}, rig.cookies[masthead.RoleEditor])
	if res.StatusCode != 422 || !strings.Contains(body(t, res), "Please write the note.") {
		t.Fatalf("an empty note: status %d", res.StatusCode)
	}
	rig.clock.Add(30 * time.Minute)
	res = send(t, rig.server, "POST", path, url.Values{"kind": {"correction"}, "text": {note}}, rig.cookies[masthead.RoleEditor])
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("an editor adding a correction: status %d", res.StatusCode)
	}

	page := get(t, rig.server, "GET", rig.path)
	doc := parse(t, page.body)
	notes := first(t, doc, byClass("corrections"), "corrections")
	if got := text(notes); !strings.Contains(got, "Correction") || !strings.Contains(got, note) {
		t.Errorf("the notes read %q", got)
	}
	times := findAll(first(t, doc, byClass("story-header"), "header"), byTag("time"))
	if attr(times[len(times)-1], "datetime") != rig.clock.Now().Format(time.RFC3339) {
		t.Errorf("the article's updated time is %q, want the note's", attr(times[len(times)-1], "datetime"))
	}
	ld := jsonLD(t, doc)[0]
	corr, _ := ld["correction"].([]any)
	if len(corr) != 1 || corr[0].(map[string]any)["@type"] != "CorrectionComment" || corr[0].(map[string]any)["text"] != note ||
		ld["dateModified"] != rig.clock.Now().Format(time.RFC3339) {
		t.Errorf("JSON-LD correction = %v, dateModified %v", ld["correction"], ld["dateModified"])
	}

	c := newAPIChecker(t, rig.server)
	var one struct {
		Corrections []struct{ Kind, Text string } `json:"corrections"`
	}
	c.get(fmt.Sprintf("/api/v1/articles/%d", rig.lead.ID), 200, &one)
	if len(one.Corrections) != 1 || one.Corrections[0].Text != note {
		b, _ := json.Marshal(one)
		t.Errorf("API corrections = %s", b)
	}
}
