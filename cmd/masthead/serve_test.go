package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/textproto"
	"strings"
	"testing"
	"time"
)

func TestByteSize(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want int64
	}{
		{"0", 0}, {"65536", 65536}, {"512KB", 512 << 10}, {"64MB", 64 << 20}, {"64mb", 64 << 20}, {"2GB", 2 << 30},
		{"16M", 16 << 20}, {" 8 MB ", 8 << 20}, {"100B", 100},
	} {
		var b byteSize
		if err := b.Set(tc.in); err != nil || int64(b) != tc.want {
			t.Errorf("Set(%q) = %d, %v; want %d", tc.in, b, err, tc.want)
		}
	}
	for _, in := range []string{"", "lots", "-1MB", "1.5MB", "MB", "99999999999GB"} {
		var b byteSize
		if err := b.Set(in); err == nil {
			t.Errorf("Set(%q) = %d, want an error", in, b)
		}
	}
	for _, n := range []byteSize{0, 100, 512 << 10, 64 << 20, 3 << 30} {
		var back byteSize
		if err := back.Set(n.String()); err != nil || back != n {
			t.Errorf("%d prints as %q, which reads back as %d", n, n.String(), back)
		}
	}
}

// TestServePageCache: serve keeps pages in its cache unless told not to.
func TestServePageCache(t *testing.T) {
	// answer asks for the home page over a fresh connection and returns
	// its X-Cache and whether Date is its first header, which is where
	// the hits answered below net/http carry it (net/http writes it
	// after the sorted others).
	answer := func(base string) (xCache string, dateFirst bool) {
		t.Helper()
		c, err := net.Dial("tcp", strings.TrimPrefix(base, "http://"))
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		c.SetDeadline(time.Now().Add(10 * time.Second))
		fmt.Fprintf(c, "GET / HTTP/1.1\r\nHost: %s\r\n\r\n", strings.TrimPrefix(base, "http://"))
		br := bufio.NewReader(c)
		tp := textproto.NewReader(br)
		if _, err := tp.ReadLine(); err != nil {
			t.Fatal(err)
		}
		first, _ := tp.ReadLine()
		dateFirst = strings.HasPrefix(first, "Date: ")
		rest, err := tp.ReadMIMEHeader()
		if err != nil {
			t.Fatal(err)
		}
		return rest.Get("X-Cache"), dateFirst
	}
	for _, mode := range []string{"no cache", "fast hits", "net/http hits"} {
		ctx, cancel := context.WithCancel(context.Background())
		pr, pw := io.Pipe()
		done := make(chan error, 1)
		go func() {
			args := []string{"serve", "--addr", "127.0.0.1:0", "--data", t.TempDir()}
			switch mode {
			case "no cache":
				args = append(args, "--page-cache", "0")
			case "net/http hits":
				args = append(args, "--fast-hits=false")
			}
			done <- run(ctx, args, noEnv, pw, io.Discard)
			pw.Close()
		}()
		base := waitForAddress(t, pr)
		switch mode {
		case "no cache":
			for range 2 {
				if got, _ := answer(base); got != "" {
					t.Errorf("with --page-cache 0, X-Cache %q", got)
				}
			}
		default:
			// The watcher's first round drops whatever came before it.
			eventually(t, 5*time.Second, "a page served from the cache", func() bool { got, _ := answer(base); return got == "hit" })
			if _, dateFirst := answer(base); dateFirst != (mode == "fast hits") {
				t.Errorf("%s: a hit with Date first is %v", mode, dateFirst)
			}
		}
		cancel()
		if err := <-done; err != nil {
			t.Fatal(err)
		}
	}
}

// TestServeDemoInALanguage: serve --demo --language de shows the demo's
// interface in German, and a language without a catalog is named at
// start-up and by the settings command, in a sentence each.
func TestServeDemoInALanguage(t *testing.T) {
	data := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"serve", "--demo", "--language", "de", "--addr", "127.0.0.1:0", "--data", data}, noEnv, pw, io.Discard)
		pw.Close()
	}()
	base := waitForAddress(t, pr)
	status, page := fetch(t, base+"/")
	if status != http.StatusOK || !strings.Contains(page, `<html lang="de" dir="ltr">`) || !strings.Contains(page, "Neueste Nachrichten") {
		t.Errorf("the demo's home page (status %d) is not in German:\n%.600s", status, page)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}

	var out bytes.Buffer
	if err := run(context.Background(), []string{"settings", "set", "language", "pt-BR", "--data", data}, noEnv, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	if want := `Masthead has no translation for the language "pt-BR", so its interface is shown in English; it speaks en, ar, de, es, fr.`; !strings.Contains(out.String(), want) {
		t.Errorf("settings set language pt-BR says %q, want %q", out.String(), want)
	}
	ctx, cancel = context.WithCancel(context.Background())
	defer cancel()
	pr, pw = io.Pipe()
	var started syncBuffer
	go func() {
		done <- run(ctx, []string{"serve", "--addr", "127.0.0.1:0", "--data", data}, noEnv, io.MultiWriter(pw, &started), io.Discard)
		pw.Close()
	}()
	waitForAddress(t, pr)
	eventually(t, 5*time.Second, "the start-up sentence about the language", func() bool {
		return strings.Contains(started.String(), `no translation for the language "pt-BR"`)
	})
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}

// TestServeStoppedDuringStartUp stops serve the moment it names its
// address, while it still counts admins, makes the set-up link and reads
// the mail settings: a stop then is a normal stop, not an error.
func TestServeStoppedDuringStartUp(t *testing.T) {
	for range 5 {
		ctx, cancel := context.WithCancel(context.Background())
		pr, pw := io.Pipe()
		done := make(chan error, 1)
		go func() {
			done <- run(ctx, []string{"serve", "--addr", "127.0.0.1:0", "--data", t.TempDir()}, noEnv, pw, io.Discard)
			pw.Close()
		}()
		waitForAddress(t, pr)
		cancel()
		go io.Copy(io.Discard, pr)
		if err := <-done; err != nil {
			t.Fatalf("serve stopped during start-up ends with %v, want no error", err)
		}
	}
}
