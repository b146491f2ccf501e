package masthead

import (
	"testing"
	"time"
)

// TestPreviewPermissions: whoever may edit an article may preview it and
// share it, and nobody else, in every status a preview serves.
func TestPreviewPermissions(t *testing.T) {
	own := &Author{ID: 1}
	other := &Author{ID: 2}
	article := func(s Status, by *Author) *Article { return &Article{Status: s, Authors: []*Author{by}} }
	tests := []struct {
		role    Role
		article *Article
		want    bool
	}{
		{RoleContributor, article(StatusDraft, own), true},
		{RoleContributor, article(StatusPending, own), true},
		{RoleContributor, article(StatusScheduled, own), false},
		{RoleContributor, article(StatusDraft, other), false},
		{RoleAuthor, article(StatusScheduled, own), true},
		{RoleAuthor, article(StatusPublished, own), true},
		{RoleAuthor, article(StatusDraft, other), false},
		{RoleEditor, article(StatusDraft, other), true},
		{RoleAdmin, article(StatusPublished, other), true},
		{RoleEditor, &Article{Kind: KindPage, Status: StatusDraft}, true},
		{RoleAuthor, &Article{Kind: KindPage, Status: StatusDraft, CreatedBy: own.ID}, false},
	}
	for _, tt := range tests {
		u := &Author{ID: own.ID, Role: tt.role}
		if got := CanPreviewArticle(u, tt.article); got != tt.want {
			t.Errorf("%s previewing a %s %s: %v, want %v", tt.role, tt.article.Status, tt.article.Kind, got, tt.want)
		}
	}
	if CanPreviewArticle(nil, article(StatusDraft, own)) {
		t.Error("nobody signed in may preview")
	}
}

func TestCountWords(t *testing.T) {
	tests := []struct {
		text string
		want int
	}{
		{"", 0},
		{"   \n\n ", 0},
		{"One", 1},
		{"The keepers are *back* at the point.", 7},
		{"## A heading\n\n- one item\n- two items\n\n---\n\n> quoted, too", 8},
		{"[a link](https://example.org) and 42 — dashes", 5},
		{"Café crème à l'heure", 4},
	}
	for _, tt := range tests {
		if got := CountWords(tt.text); got != tt.want {
			t.Errorf("CountWords(%q) = %d, want %d", tt.text, got, tt.want)
		}
	}
}

func TestReadingMinutes(t *testing.T) {
	for words, want := range map[int]int{0: 0, 1: 1, WordsPerMinute: 1, WordsPerMinute + 1: 2, 10 * WordsPerMinute: 10} {
		if got := ReadingMinutes(words); got != want {
			t.Errorf("ReadingMinutes(%d) = %d, want %d", words, got, want)
		}
	}
}

func TestPreviewLinkUsable(t *testing.T) {
	now := time.Date(2026, 3, 14, 12, 0, 0, 0, time.UTC)
	l := &PreviewLink{ExpiresAt: now.Add(time.Hour)}
	if !l.Usable(now) {
		t.Error("a fresh link does not work")
	}
	if l.Usable(now.Add(time.Hour)) {
		t.Error("a link works at its expiry")
	}
	l.RevokedAt = now
	if l.Usable(now) {
		t.Error("a revoked link works")
	}
}
