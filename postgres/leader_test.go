package postgres_test

import (
	"context"
	"testing"

	"masthead/postgres"
)

// TestLeader elects one of two leaders, and moves leadership when the
// holder lets go.
func TestLeader(t *testing.T) {
	ctx := context.Background()
	dsn := openFresh(t).DB()
	a, b := postgres.NewLeader(dsn, 42), postgres.NewLeader(dsn, 42)
	if lead, err := a.Lead(ctx); err != nil || !lead {
		t.Fatalf("a: %v, %v", lead, err)
	}
	if lead, err := b.Lead(ctx); err != nil || lead {
		t.Fatalf("b leads beside a: %v, %v", lead, err)
	}
	if lead, _ := a.Lead(ctx); !lead {
		t.Fatal("a lost the lead without letting go")
	}
	a.Release()
	if lead, err := b.Lead(ctx); err != nil || !lead {
		t.Fatalf("b after a let go: %v, %v", lead, err)
	}
	if lead, _ := a.Lead(ctx); lead {
		t.Fatal("a leads again beside b")
	}
	b.Release()
}
