package wpimport

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync/atomic"
	"testing"
)

// countingReader counts the bytes read through it, from any goroutine.
type countingReader struct {
	r io.Reader
	n atomic.Int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n.Add(int64(n))
	return n, err
}

// TestReadAheadIsBounded stops an import after its first post: the export
// was read only a few records ahead of it, not to the end, and the import
// says that it was stopped.
func TestReadAheadIsBounded(t *testing.T) {
	var posts strings.Builder
	for i := range 200 {
		fmt.Fprintf(&posts, `<item><title>Post %d</title><link>http://thread.example/post-%d/</link><dc:creator>desk</dc:creator>
		<content:encoded><![CDATA[<p>%s</p>]]></content:encoded><wp:post_id>%d</wp:post_id>
		<wp:post_date_gmt>2024-05-01 08:00:00</wp:post_date_gmt><wp:post_name>post-%d</wp:post_name><wp:status>publish</wp:status>
		<wp:post_type>post</wp:post_type></item>
`, i, i, strings.Repeat("Words of the story. ", 50), 1000+i, i)
	}
	export := strings.Replace(fmt.Sprintf(threadExport, ""), "	<item>", posts.String()+"	<item>", 1)
	in := &countingReader{r: strings.NewReader(export)}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	sum, err := Import(ctx, newStore(t), in, Options{OnItem: func(int) { cancel() }})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("error %v, want the import stopped", err)
	}
	if sum.Added.Articles != 1 {
		t.Errorf("added %d articles before the stop, want 1", sum.Added.Articles)
	}
	if read, total := in.n.Load(), int64(len(export)); read > total/10 {
		t.Errorf("%d of the export's %d bytes were read for one post", read, total)
	}
}
