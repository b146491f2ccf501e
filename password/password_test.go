package password

import (
	"os"
	"runtime"
	"strings"
	"testing"
)

// allocatedAtLoad is how many bytes the process had allocated when the
// tests began, after every package was initialised.
var allocatedAtLoad uint64

func TestMain(m *testing.M) {
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	allocatedAtLoad = ms.TotalAlloc
	os.Exit(m.Run())
}

// TestVerifyNoneIsLazy checks that loading the package hashes nothing (one
// argon2id hash allocates Default.Memory), and that VerifyNone does hash.
func TestVerifyNoneIsLazy(t *testing.T) {
	argonBytes := uint64(Default.Memory) * 1024
	if allocatedAtLoad >= argonBytes {
		t.Fatalf("%d bytes were allocated before the tests began: a password was hashed at package load", allocatedAtLoad)
	}
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	if VerifyNone("correct horse battery staple") {
		t.Fatal("VerifyNone reported a match")
	}
	runtime.ReadMemStats(&after)
	if after.TotalAlloc-before.TotalAlloc < 2*argonBytes {
		t.Fatalf("VerifyNone allocated %d bytes: it did not make and check a hash", after.TotalAlloc-before.TotalAlloc)
	}
}

func TestHashAndVerify(t *testing.T) {
	h, err := Hash("correct horse battery staple")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Fatalf("hash = %q", h)
	}
	if h2, _ := Hash("correct horse battery staple"); h2 == h {
		t.Fatal("two hashes of one password are equal: no salt")
	}
	for pw, want := range map[string]bool{"correct horse battery staple": true, "correct horse battery stapl": false, "": false} {
		if ok, err := Verify(pw, h); err != nil || ok != want {
			t.Errorf("Verify(%q) = %v, %v; want %v", pw, ok, err, want)
		}
	}
	for _, bad := range []string{"", "plain", "$2a$10$bcrypt", "$argon2id$v=19$m=x$a$b", "$argon2i$v=19$m=1,t=1,p=1$a$b"} {
		if _, err := Verify("x", bad); err == nil {
			t.Errorf("Verify accepted the stored hash %q", bad)
		}
	}
}

func TestCheck(t *testing.T) {
	if Check("short") == nil || Check(strings.Repeat("x", MaxLength+1)) == nil {
		t.Error("Check accepts a bad password")
	}
	if err := Check("long enough password"); err != nil {
		t.Error(err)
	}
}

// TestMatchesAlwaysHashes checks that Matches does the work of an argon2id
// check (it allocates Default.Memory) for a stored hash that is empty or
// malformed, as for a real one, so that an account without a password or
// an unknown email cannot be told apart by the work a sign-in causes.
func TestMatchesAlwaysHashes(t *testing.T) {
	argonBytes := uint64(Default.Memory) * 1024
	real, err := Hash("correct horse battery staple")
	if err != nil {
		t.Fatal(err)
	}
	Matches("warm up the dummy hash", "")
	for _, stored := range []string{real, "", "not a hash"} {
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		if Matches("a wrong password", stored) {
			t.Fatalf("Matches(%q) reported a match", stored)
		}
		runtime.ReadMemStats(&after)
		if got := after.TotalAlloc - before.TotalAlloc; got < argonBytes {
			t.Errorf("Matches against %q allocated %d bytes, fewer than one argon2id check's %d", stored, got, argonBytes)
		}
	}
	if !Matches("correct horse battery staple", real) {
		t.Fatal("Matches refused the right password")
	}
}
