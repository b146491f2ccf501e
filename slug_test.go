package masthead

import (
	"strings"
	"testing"
	"time"
)

func TestSlugify(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Harbour Board Approves Pier", "harbour-board-approves-pier"},
		{"  Café  Society: Zoë's   Night ", "cafe-society-zoes-night"},
		{"Editor’s note", "editors-note"},
		{"2026 budget -- final!", "2026-budget-final"},
		{"Straße in Łódź", "strasse-in-lodz"},
		{"日本語", ""},
		{"Știri din Timișoara și Brațov", "stiri-din-timisoara-si-bratov"},
		{"Ţară, ţânţar", "tara-tantar"},
		{"Cŵn a Chŷn", "cwn-a-chyn"},
		{"Nguyễn Thị Minh Khai", "nguyen-thi-minh-khai"},
		{"Đường Lê Lợi", "duong-le-loi"},
		{"Smørrebrød, Æbleskiver & Þórr", "smorrebrod-aebleskiver-thorr"},
		{"Œuvre, İstanbul, ıspanak", "oeuvre-istanbul-ispanak"},
		{"ﬁnal ＲＥＰＯＲＴ ²", "final-report-2"},
		{"Pieśń o Łodzi", "piesn-o-lodzi"},
		{"", ""},
		{strings.Repeat("word ", 60), strings.TrimRight(strings.Repeat("word-", 24), "-")},
	}
	for _, tt := range tests {
		got := Slugify(tt.in)
		if got != tt.want {
			t.Errorf("Slugify(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if got != "" && !ValidSlug(got) {
			t.Errorf("Slugify(%q) = %q, which ValidSlug rejects", tt.in, got)
		}
	}
}

func TestFoldText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Café Marée", "cafe maree"},
		{"Nguyễn Thị Minh Khai, đường", "nguyen thi minh khai, duong"},
		{"ȘTIRI, Țară, Ŵ", "stiri, tara, w"},
		{"Straße ẞ", "strasse ss"},
		// A mark that composes with nothing is dropped after a Latin letter.
		{"x\u0303y", "xy"},
		// Other scripts keep their marks: there they make other letters.
		{"हिंदी", "हिंदी"},
		{"がっこう", "がっこう"},
		{"Ελλάδα", "ελλάδα"},
	}
	for _, tt := range tests {
		if got := FoldText(tt.in); got != tt.want {
			t.Errorf("FoldText(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestValidSlug(t *testing.T) {
	for s, want := range map[string]bool{
		"ok": true, "a-b-1": true, "": false, "-a": false, "a-": false, "a--b": false,
		"A": false, "a b": false, "a/b": false, "é": false, strings.Repeat("a", MaxSlugLength+1): false,
	} {
		if got := ValidSlug(s); got != want {
			t.Errorf("ValidSlug(%q) = %v, want %v", s, got, want)
		}
	}
}

func TestArticlePathUsesTheSiteTimeZone(t *testing.T) {
	a := &Article{Slug: "late-news", PublishedAt: time.Date(2026, 3, 31, 23, 30, 0, 0, time.UTC)}
	if got := a.Path(time.UTC); got != "/2026/03/31/late-news/" {
		t.Errorf("UTC path = %q", got)
	}
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Skip("no time zone data")
	}
	if got := a.Path(berlin); got != "/2026/04/01/late-news/" {
		t.Errorf("Berlin path = %q, want the next day", got)
	}
}

func TestVisibleAt(t *testing.T) {
	now := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		status    Status
		published time.Time
		want      bool
	}{
		{StatusPublished, now, true},
		{StatusPublished, now.Add(-time.Hour), true},
		{StatusPublished, now.Add(time.Second), false},
		{StatusPublished, time.Time{}, false},
		{StatusScheduled, now.Add(-time.Hour), false},
		{StatusDraft, now.Add(-time.Hour), false},
		{StatusPending, now.Add(-time.Hour), false},
	}
	for _, tt := range tests {
		a := &Article{Status: tt.status, PublishedAt: tt.published}
		if got := a.VisibleAt(now); got != tt.want {
			t.Errorf("%s at %v: VisibleAt = %v, want %v", tt.status, tt.published, got, tt.want)
		}
	}
}

func TestCommentValidate(t *testing.T) {
	valid := func() *Comment {
		return &Comment{ArticleID: 1, AuthorName: "Reader", AuthorEmail: "reader@example.com", Body: "Hello", Status: CommentPending}
	}
	tests := []struct {
		name  string
		edit  func(*Comment)
		field string
	}{
		{"valid", func(*Comment) {}, ""},
		{"no body", func(c *Comment) { c.Body = "  " }, "comment"},
		{"long body", func(c *Comment) { c.Body = strings.Repeat("x", MaxCommentBodyLength+1) }, "comment"},
		{"no name", func(c *Comment) { c.AuthorName = "" }, "author"},
		{"long name", func(c *Comment) { c.AuthorName = strings.Repeat("n", MaxCommentNameLength+1) }, "author"},
		{"no email", func(c *Comment) { c.AuthorEmail = "" }, "email"},
		{"bad email", func(c *Comment) { c.AuthorEmail = "reader at example" }, "email"},
		{"email with a name", func(c *Comment) { c.AuthorEmail = "Reader <reader@example.com>" }, "email"},
		{"long email", func(c *Comment) { c.AuthorEmail = strings.Repeat("e", 95) + "@example.com" }, "email"},
		{"javascript website", func(c *Comment) { c.AuthorURL = "javascript:alert(1)" }, "url"},
		{"long website", func(c *Comment) { c.AuthorURL = "https://example.com/" + strings.Repeat("p", 200) }, "url"},
		{"bad status", func(c *Comment) { c.Status = "hidden" }, "status"},
	}
	for _, tt := range tests {
		c := valid()
		tt.edit(c)
		err := c.Validate()
		var field string
		if e, ok := err.(*Error); ok {
			field = e.Field
		} else if err != nil {
			t.Fatalf("%s: error of type %T", tt.name, err)
		}
		if field != tt.field {
			t.Errorf("%s: field at fault %q (%v), want %q", tt.name, field, err, tt.field)
		}
	}
}

func TestNumberedSlug(t *testing.T) {
	long := strings.TrimRight(strings.Repeat("word-", 24), "-") // 119 characters
	tests := []struct {
		base string
		n    int
		want string
	}{
		{"tide-tables", 0, "tide-tables"},
		{"tide-tables", 1, "tide-tables"},
		{"tide-tables", 2, "tide-tables-2"},
		{"tide-tables", 12, "tide-tables-12"},
		// Shortened to fit, without leaving a double hyphen behind.
		{long, 2, strings.TrimRight(long[:MaxSlugLength-2], "-") + "-2"},
	}
	for _, tt := range tests {
		got := NumberedSlug(tt.base, tt.n)
		if got != tt.want {
			t.Errorf("NumberedSlug(%q, %d) = %q, want %q", tt.base, tt.n, got, tt.want)
		}
		if !ValidSlug(got) {
			t.Errorf("NumberedSlug(%q, %d) = %q, which ValidSlug rejects", tt.base, tt.n, got)
		}
	}
}
