package postgres_test

import (
	"context"
	"testing"

	"masthead"
	"masthead/postgres"
	"masthead/postgres/pgtest"
)

// TestReplicaRouting opens a store whose "replica" is a second database
// that never receives the primary's writes, which makes visible where each
// read goes: public reads to the replica, writes and reads that ask for
// the primary to the primary.
func TestReplicaRouting(t *testing.T) {
	ctx := context.Background()
	primaryDSN, replicaDSN := pgtest.DSN(t), pgtest.DSN(t)
	replica, err := postgres.Open(ctx, replicaDSN, "") // migrates the stand-in replica
	if err != nil {
		t.Fatal(err)
	}
	replica.Close()
	s, err := postgres.Open(ctx, primaryDSN, replicaDSN)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()

	a := &masthead.Author{Name: "Only On Primary", Slug: "only-on-primary", Role: masthead.RoleAuthor}
	if err := s.CreateAuthor(ctx, a); err != nil {
		t.Fatal(err)
	}
	if _, err := s.FindAuthorBySlug(ctx, a.Slug); masthead.ErrorCode(err) != masthead.ENOTFOUND {
		t.Fatalf("a public read found the author (%v): it did not go to the replica", err)
	}
	got, err := s.FindAuthorBySlug(masthead.WithPrimary(ctx), a.Slug)
	if err != nil || got.ID != a.ID {
		t.Fatalf("a read from the primary = %v, %v", got, err)
	}
}
