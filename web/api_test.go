package web

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/legacy"
)

// apiChecker validates API responses against the served OpenAPI document.
type apiChecker struct {
	t      *testing.T
	srv    http.Handler
	router routers.Router
}

func newAPIChecker(t *testing.T, srv http.Handler) *apiChecker {
	t.Helper()
	res := get(t, srv, "GET", "/api/v1/openapi.json")
	if res.status != 200 {
		t.Fatalf("openapi.json: status %d", res.status)
	}
	doc, err := openapi3.NewLoader().LoadFromData([]byte(res.body))
	if err != nil {
		t.Fatalf("the OpenAPI document does not load: %v", err)
	}
	if err := doc.Validate(context.Background()); err != nil {
		t.Fatalf("the OpenAPI document is not valid: %v", err)
	}
	if len(doc.Servers) != 1 || doc.Servers[0].URL != "https://observer.example/api/v1" {
		t.Fatalf("servers = %v", doc.Servers)
	}
	router, err := legacy.NewRouter(doc)
	if err != nil {
		t.Fatal(err)
	}
	return &apiChecker{t: t, srv: srv, router: router}
}

// get fetches an API path, checks the response against the document and
// decodes its body into v (when not nil).
func (c *apiChecker) get(path string, wantStatus int, v any) http.Header {
	c.t.Helper()
	req := httptest.NewRequest("GET", "https://observer.example"+path, nil)
	rec := httptest.NewRecorder()
	c.srv.ServeHTTP(rec, req)
	body, _ := io.ReadAll(rec.Result().Body)
	if rec.Code != wantStatus {
		c.t.Fatalf("GET %s: status %d, want %d: %s", path, rec.Code, wantStatus, body)
	}
	if ct := rec.Header().Get("Content-Type"); ct != "application/json; charset=utf-8" {
		c.t.Fatalf("GET %s: Content-Type %q", path, ct)
	}
	route, params, err := c.router.FindRoute(req)
	if err != nil {
		c.t.Fatalf("GET %s is not in the OpenAPI document: %v", path, err)
	}
	in := &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route,
		Options: &openapi3filter.Options{IncludeResponseStatus: true}}
	if wantStatus < 400 {
		if err := openapi3filter.ValidateRequest(context.Background(), in); err != nil {
			c.t.Fatalf("GET %s: the request breaks the document: %v", path, err)
		}
	}
	out := &openapi3filter.ResponseValidationInput{RequestValidationInput: in, Status: rec.Code, Header: rec.Header(),
		Body: io.NopCloser(strings.NewReader(string(body)))}
	if err := openapi3filter.ValidateResponse(context.Background(), out); err != nil {
		c.t.Fatalf("GET %s: the response breaks the document: %v\n%s", path, err, body)
	}
	if found := emailPattern.FindString(string(body)); found != "" {
		c.t.Fatalf("GET %s reveals the address %q", path, found)
	}
	if strings.Contains(string(body), `"ip"`) || strings.Contains(string(body), "192.0.2.") {
		c.t.Fatalf("GET %s reveals an IP address", path)
	}
	if v != nil {
		// Decode into a zero value, so that nothing stays from a previous call.
		rv := reflect.ValueOf(v).Elem()
		rv.Set(reflect.Zero(rv.Type()))
		if err := json.Unmarshal(body, v); err != nil {
			c.t.Fatal(err)
		}
	}
	return rec.Header()
}

type listBody struct {
	Data []map[string]any `json:"data"`
	Meta struct {
		Total      int `json:"total"`
		Page       int `json:"page"`
		PerPage    int `json:"per_page"`
		TotalPages int `json:"total_pages"`
	} `json:"meta"`
	Links struct{ Self, Next, Prev string } `json:"links"`
}

func slugs(l listBody) string {
	var out []string
	for _, d := range l.Data {
		out = append(out, d["slug"].(string))
	}
	return strings.Join(out, " ")
}

func TestAPI(t *testing.T) {
	f := newFixture(t)
	c := newAPIChecker(t, f.server)

	var list listBody
	h := c.get("/api/v1/articles", 200, &list)
	if len(list.Data) != 20 || list.Meta.Total != 26 || list.Meta.TotalPages != 2 || list.Links.Next != "/api/v1/articles?page=2" {
		t.Fatalf("articles: %d of %d, links %+v", len(list.Data), list.Meta.Total, list.Links)
	}
	if h.Get("Access-Control-Allow-Origin") != "*" {
		t.Error("no CORS header on a GET")
	}
	lead := list.Data[0]
	if lead["headline"] != f.lead.Headline || lead["body_html"] != nil || lead["comment_count"] != 3.0 {
		t.Errorf("first article = %v", lead)
	}
	if authors := lead["authors"].([]any); len(authors) != 2 || authors[0].(map[string]any)["name"] != "Ana Lima" {
		t.Errorf("authors = %v", authors)
	}

	for _, tt := range []struct {
		query string
		total int
	}{
		{"?category=local", 1}, {"?tag=harbour", 14}, {"?author=ana-lima", 1}, {"?author=ben-ortiz&tag=harbour", 14},
		{"?from=2026-03-14", 13}, {"?to=2026-03-13", 13}, {"?from=2026-03-13&to=2026-03-13", 13},
		{"?per_page=5&page=6", 26},
		// The day after the last day there is: no upper bound at all.
		{"?to=9999-12-31", 26}, {"?from=2026-03-14&to=9999-12-31", 13},
	} {
		c.get("/api/v1/articles"+tt.query, 200, &list)
		if list.Meta.Total != tt.total {
			t.Errorf("articles%s: total %d, want %d", tt.query, list.Meta.Total, tt.total)
		}
	}
	c.get("/api/v1/articles?per_page=5&page=6", 200, &list)
	if len(list.Data) != 1 || list.Links.Next != "" || list.Links.Prev != "/api/v1/articles?page=5&per_page=5" {
		t.Errorf("last page: %d items, links %+v", len(list.Data), list.Links)
	}

	var one map[string]any
	c.get(fmt.Sprintf("/api/v1/articles/%d", f.lead.ID), 200, &one)
	if one["slug"] != f.lead.Slug || !strings.Contains(one["body_html"].(string), "<blockquote>") || one["dateline"] != "PORT ALDER" {
		t.Errorf("article by id = %v", one)
	}
	if src := one["source"].(map[string]any); src["name"] != "Coast Wire" {
		t.Errorf("source = %v", src)
	}
	c.get("/api/v1/articles/"+f.lead.Slug, 200, &one)
	if one["id"] != float64(f.lead.ID) || one["url"] != "https://observer.example"+f.lead.Path(time.UTC) {
		t.Errorf("article by slug = %v", one)
	}

	var thread struct {
		Data []struct {
			ID       int64
			ParentID *int64 `json:"parent_id"`
			Author   struct{ Name string }
			BodyHTML string `json:"body_html"`
			Replies  []json.RawMessage
		}
		Meta struct{ Total int }
	}
	c.get(fmt.Sprintf("/api/v1/articles/%d/comments", f.lead.ID), 200, &thread)
	if thread.Meta.Total != 3 || len(thread.Data) != 1 || thread.Data[0].Author.Name != "Cora Diaz" || thread.Data[0].ParentID != nil ||
		len(thread.Data[0].Replies) != 1 || !strings.Contains(thread.Data[0].BodyHTML, "<p>Finally.</p>") {
		t.Errorf("comments = %+v", thread)
	}
	if !strings.Contains(string(thread.Data[0].Replies[0]), "Eli Moss") {
		t.Error("the reply to the reply is not nested")
	}

	c.get("/api/v1/authors", 200, &list)
	if slugs(list) != "ana-lima ben-ortiz" {
		t.Errorf("authors = %s", slugs(list))
	}
	c.get("/api/v1/authors/ben-ortiz", 200, &one)
	if one["bio"] != f.ben.Bio {
		t.Errorf("author = %v", one)
	}
	c.get("/api/v1/categories", 200, &list)
	if slugs(list) != "local sport" {
		t.Errorf("categories = %s", slugs(list))
	}
	c.get("/api/v1/tags", 200, &list)
	if slugs(list) != "council harbour" {
		t.Errorf("tags = %s", slugs(list))
	}

	var apiErr struct {
		Error struct{ Code, Message string }
	}
	for _, tt := range []struct {
		path   string
		status int
		code   string
	}{
		{"/api/v1/articles?category=weather", 404, "not_found"},
		{"/api/v1/articles?page=abc", 400, "invalid"},
		{"/api/v1/articles?per_page=101", 400, "invalid"},
		{"/api/v1/articles?from=14-03-2026", 400, "invalid"},
		{fmt.Sprintf("/api/v1/articles/%d", f.draft.ID), 404, "not_found"},
		{"/api/v1/articles/" + f.future.Slug, 404, "not_found"},
		{fmt.Sprintf("/api/v1/articles/%d/comments", f.draft.ID), 404, "not_found"},
		{"/api/v1/authors/new-hire", 404, "not_found"},
		{"/api/v1/authors/nobody", 404, "not_found"},
		{"/api/v1/tags?per_page=0", 400, "invalid"},
		// A page number whose offset would overflow, and pages past the end.
		{"/api/v1/articles?page=9223372036854775807", 400, "invalid"},
		{"/api/v1/articles?page=1000001", 400, "invalid"},
		{"/api/v1/articles?page=+2", 400, "invalid"},
		{"/api/v1/articles?page=3", 404, "not_found"},
		{"/api/v1/articles?per_page=5&page=7", 404, "not_found"},
		{"/api/v1/authors?page=2", 404, "not_found"},
		{"/api/v1/tags?page=2", 404, "not_found"},
	} {
		c.get(tt.path, tt.status, &apiErr)
		if apiErr.Error.Code != tt.code || apiErr.Error.Message == "" {
			t.Errorf("%s: error %+v", tt.path, apiErr)
		}
	}

	for _, tt := range []struct{ method, path string }{{"POST", "/api/v1/articles"}, {"DELETE", "/api/v1/articles/1"}, {"GET", "/api/v1/nothing"}} {
		res := get(t, f.server, tt.method, tt.path)
		if err := json.Unmarshal([]byte(res.body), &apiErr); err != nil || apiErr.Error.Code == "" {
			t.Errorf("%s %s: not a JSON error: %q", tt.method, tt.path, res.body)
		}
		if tt.method != "GET" && (res.status != 405 || res.header.Get("Allow") == "") {
			t.Errorf("%s %s: status %d, Allow %q", tt.method, tt.path, res.status, res.header.Get("Allow"))
		}
	}
	pre := get(t, f.server, "OPTIONS", "/api/v1/articles")
	if pre.status != 204 || !strings.Contains(pre.header.Get("Access-Control-Allow-Methods"), "GET") || pre.header.Get("Access-Control-Allow-Origin") != "*" {
		t.Errorf("preflight: %d %v", pre.status, pre.header)
	}
}
