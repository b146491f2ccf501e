package masthead

import "testing"

func TestCommentPaging(t *testing.T) {
	last := CommentPaging{PerPage: 50, LastByDefault: true}
	first := CommentPaging{PerPage: 50}
	off := CommentPaging{LastByDefault: true}
	for _, tt := range []struct {
		name                     string
		p                        CommentPaging
		threads                  int
		pages, defaultPage       int
		position, pageOfPosition int
	}{
		{"no comments", last, 0, 1, 1, 0, 1},
		{"one page", last, 50, 1, 1, 49, 1},
		{"a thread over", last, 51, 2, 2, 50, 2},
		{"the first page of two", last, 51, 2, 2, 49, 1},
		{"first by default", first, 51, 2, 1, 50, 2},
		{"10,000 threads", last, 10000, 200, 200, 9950, 200},
		{"a new thread past a full last page", last, 100, 2, 2, 100, 2},
		{"paging off", off, 10000, 1, 1, 9999, 1},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.p.Pages(tt.threads); got != tt.pages {
				t.Errorf("Pages(%d) = %d, want %d", tt.threads, got, tt.pages)
			}
			if got := tt.p.DefaultPage(tt.threads); got != tt.defaultPage {
				t.Errorf("DefaultPage(%d) = %d, want %d", tt.threads, got, tt.defaultPage)
			}
			if got := tt.p.PageOf(tt.position, tt.threads); got != tt.pageOfPosition {
				t.Errorf("PageOf(%d, %d) = %d, want %d", tt.position, tt.threads, got, tt.pageOfPosition)
			}
		})
	}
}

func TestCommentPagingSettings(t *testing.T) {
	site := DefaultSite()
	if got := site.CommentPaging(); got != (CommentPaging{PerPage: 50, LastByDefault: true}) {
		t.Fatalf("a new site's paging = %+v, want 50 threads a page, the last by default, oldest first", got)
	}
	for name, value := range map[string]string{"comment_pages": "off", "comment_page_size": "20", "comment_default_page": "first", "comment_order": "newest"} {
		if err := site.Set(name, value); err != nil {
			t.Fatal(err)
		}
	}
	if err := site.Validate(); err != nil {
		t.Fatal(err)
	}
	if got := site.CommentPaging(); got != (CommentPaging{NewestFirst: true}) {
		t.Errorf("paging off = %+v, want no pages", got)
	}
	site.CommentPages = CommentPagesOn
	if got := site.CommentPaging(); got != (CommentPaging{PerPage: 20, NewestFirst: true}) {
		t.Errorf("paging = %+v, want 20 threads a page, the first by default, newest first", got)
	}
	for _, tt := range []struct{ name, value string }{
		{"comment_pages", "yes"}, {"comment_page_size", "0"}, {"comment_page_size", "501"},
		{"comment_default_page", "newest"}, {"comment_order", "asc"},
	} {
		bad := DefaultSite()
		if err := bad.Set(tt.name, tt.value); err != nil {
			t.Fatal(err)
		}
		err := bad.Validate()
		if e, ok := err.(*Error); !ok || e.Code != EINVALID || e.Field != tt.name {
			t.Errorf("%s = %q: %v, want EINVALID on that field", tt.name, tt.value, err)
		}
	}
}
