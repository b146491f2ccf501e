package masthead

import "testing"

// TestOneLine folds every line break, tab and control character of a
// header value to one space, and leaves the rest as it is.
func TestOneLine(t *testing.T) {
	for in, want := range map[string]string{
		"Harbour news":                          "Harbour news",
		"  Harbour\r\nBcc: victim@example.com ": "Harbour Bcc: victim@example.com",
		"Zoë\n\n\tReader":                       "Zoë Reader",
		"a\u2028b\x00c\x1bd":                    "a b c d",
		"\r\n":                                  "",
		`The "Port, Alder" Observer`:            `The "Port, Alder" Observer`,
	} {
		if got := OneLine(in); got != want {
			t.Errorf("OneLine(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestForgetMovedSMTPPassword clears the SMTP password when the server
// or user changes without a new one, and only then.
func TestForgetMovedSMTPPassword(t *testing.T) {
	before := &Site{SMTPHost: "smtp.example.org", SMTPUser: "news", SMTPPort: 587, SMTPPassword: "pw"}
	for _, tc := range []struct {
		name        string
		change      func(s *Site)
		given, want bool
	}{
		{"nothing changes", func(s *Site) {}, false, false},
		{"the port changes", func(s *Site) { s.SMTPPort = 2525 }, false, false},
		{"the host's case changes", func(s *Site) { s.SMTPHost = "SMTP.example.org" }, false, false},
		{"the host changes", func(s *Site) { s.SMTPHost = "smtp.elsewhere.example" }, false, true},
		{"the user changes", func(s *Site) { s.SMTPUser = "desk" }, false, true},
		{"the host changes with a password", func(s *Site) { s.SMTPHost = "smtp.elsewhere.example"; s.SMTPPassword = "new" }, true, false},
	} {
		s := *before
		tc.change(&s)
		kept := s.SMTPPassword
		if got := s.ForgetMovedSMTPPassword(before, tc.given); got != tc.want || (got && s.SMTPPassword != "") || (!got && s.SMTPPassword != kept) {
			t.Errorf("%s: cleared %v (password now %v), want %v", tc.name, got, s.SMTPPassword != "", tc.want)
		}
	}
}
