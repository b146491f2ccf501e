package password

import (
	"strings"
	"testing"
)

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
