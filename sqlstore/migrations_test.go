package sqlstore

import (
	"fmt"
	"io/fs"
	"testing"
)

// TestMigrationNames checks that each dialect's migrations are numbered
// 0001, 0002, ... without gaps or repeats, so that they apply in order.
func TestMigrationNames(t *testing.T) {
	dirs, err := fs.ReadDir(migrations, "migrations")
	if err != nil {
		t.Fatal(err)
	}
	names := map[string][]string{}
	for _, dir := range dirs {
		entries, err := fs.ReadDir(migrations, "migrations/"+dir.Name())
		if err != nil {
			t.Fatal(err)
		}
		for i, e := range entries {
			names[dir.Name()] = append(names[dir.Name()], e.Name())
			if want := fmt.Sprintf("%04d_", i+1); len(e.Name()) < 5 || e.Name()[:5] != want {
				t.Errorf("%s: migration %q should start with %q", dir.Name(), e.Name(), want)
			}
		}
	}
	// Every dialect has the same migrations, so that a feature lands on all
	// databases at once.
	if got, want := fmt.Sprint(names["postgres"]), fmt.Sprint(names["sqlite"]); got != want {
		t.Errorf("postgres migrations %s differ from sqlite's %s", got, want)
	}
}

func TestRebind(t *testing.T) {
	pg := Dialect{NumberedParams: true}
	if got := pg.Rebind("a = ? AND b IN (?, ?)"); got != "a = $1 AND b IN ($2, $3)" {
		t.Errorf("Rebind = %q", got)
	}
	if got := (Dialect{}).Rebind("a = ?"); got != "a = ?" {
		t.Errorf("SQLite Rebind = %q", got)
	}
}
