package masthead

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// TestTransitions is the editorial state machine as a table: for each role,
// on its own article and on someone else's, from each status, what each
// action leads to. A status names the result of an allowed action;
// "forbidden" is EFORBIDDEN and "conflict" ECONFLICT.
func TestTransitions(t *testing.T) {
	actions := []EditorialAction{ActionSave, ActionSubmit, ActionPublish, ActionSchedule, ActionUnpublish}
	// One row per starting point ("new" is an article not stored yet,
	// always one's own); the columns follow actions.
	//            save      submit    publish   schedule  unpublish
	publisher := []string{
		"new       draft     pending   published scheduled conflict",
		"draft     draft     pending   published scheduled conflict",
		"pending   pending   conflict  published scheduled conflict",
		"scheduled scheduled conflict  published scheduled draft",
		"published published conflict  conflict  scheduled draft",
	}
	forbiddenAll := []string{
		"draft     forbidden forbidden forbidden forbidden forbidden",
		"pending   forbidden forbidden forbidden forbidden forbidden",
		"scheduled forbidden forbidden forbidden forbidden forbidden",
		"published forbidden forbidden forbidden forbidden forbidden",
	}
	tables := map[string][]string{
		"contributor own": {
			"new       draft     pending   forbidden forbidden forbidden",
			"draft     draft     pending   forbidden forbidden forbidden",
			"pending   pending   conflict  forbidden forbidden forbidden",
			"scheduled forbidden forbidden forbidden forbidden forbidden",
			"published forbidden forbidden forbidden forbidden forbidden",
		},
		"contributor other": forbiddenAll,
		"author own":        publisher,
		"author other":      forbiddenAll,
		"editor own":        publisher,
		"editor other":      withoutNew(publisher),
		"admin own":         publisher,
		"admin other":       withoutNew(publisher),
	}
	now := time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)
	later := now.Add(time.Hour)
	me, colleague := &Author{ID: 1}, &Author{ID: 2}
	for name, rows := range tables {
		role, whose, _ := strings.Cut(name, " ")
		u := &Author{ID: me.ID, Role: Role(role)}
		for _, row := range rows {
			cols := strings.Fields(row)
			from, outcomes := cols[0], cols[1:]
			if len(outcomes) != len(actions) {
				t.Fatalf("%s: the row %q has %d outcomes, want %d", name, row, len(outcomes), len(actions))
			}
			var stored *Article
			if from != "new" {
				by := me
				if whose == "other" {
					by = colleague
				}
				stored = &Article{Status: Status(from), Authors: []*Author{by}, CreatedBy: by.ID}
				if stored.Status == StatusPublished || stored.Status == StatusScheduled {
					stored.PublishedAt = now.Add(-time.Hour)
				}
			}
			for i, act := range actions {
				status, _, err := Transition(u, stored, act, later, now)
				got := string(status)
				switch ErrorCode(err) {
				case "":
				case EFORBIDDEN:
					got = "forbidden"
				case ECONFLICT:
					got = "conflict"
				default:
					got = fmt.Sprintf("error %v", err)
				}
				if got != outcomes[i] {
					t.Errorf("%s, %s from %s: %s, want %s", name, act, from, got, outcomes[i])
				}
				if err == nil && CheckAction(u, stored, act) != nil || err != nil && CheckAction(u, stored, act) == nil {
					t.Errorf("%s, %s from %s: CheckAction disagrees with Transition", name, act, from)
				}
			}
		}
	}
}

// withoutNew drops the "new" row, which only exists for one's own article.
func withoutNew(rows []string) []string {
	var out []string
	for _, r := range rows {
		if !strings.HasPrefix(r, "new ") {
			out = append(out, r)
		}
	}
	return out
}

// TestTransitionTimes checks the publish time each action leaves.
func TestTransitionTimes(t *testing.T) {
	now := time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)
	editor := &Author{ID: 1, Role: RoleEditor}
	past, future := now.Add(-48*time.Hour), now.Add(48*time.Hour)
	article := func(s Status, at time.Time) *Article {
		return &Article{Status: s, PublishedAt: at, Authors: []*Author{{ID: 2}}}
	}
	tests := []struct {
		name        string
		stored      *Article
		act         EditorialAction
		at          time.Time
		wantStatus  Status
		wantPublish time.Time
	}{
		{"a new article published", nil, ActionPublish, time.Time{}, StatusPublished, now},
		{"a new draft", nil, ActionSave, future, StatusDraft, time.Time{}},
		{"published again keeps its date", article(StatusDraft, past), ActionPublish, time.Time{}, StatusPublished, past},
		{"a scheduled one published early", article(StatusScheduled, future), ActionPublish, time.Time{}, StatusPublished, now},
		{"scheduled", article(StatusPending, time.Time{}), ActionSchedule, future, StatusScheduled, future},
		{"rescheduled", article(StatusScheduled, future), ActionSchedule, future.Add(time.Hour), StatusScheduled, future.Add(time.Hour)},
		{"an update keeps the date", article(StatusPublished, past), ActionSave, future, StatusPublished, past},
		{"unpublished keeps the date", article(StatusPublished, past), ActionUnpublish, time.Time{}, StatusDraft, past},
		{"submitted", article(StatusDraft, time.Time{}), ActionSubmit, time.Time{}, StatusPending, time.Time{}},
	}
	for _, tt := range tests {
		status, at, err := Transition(editor, tt.stored, tt.act, tt.at, now)
		if err != nil || status != tt.wantStatus || !at.Equal(tt.wantPublish) {
			t.Errorf("%s: %s at %v, %v; want %s at %v", tt.name, status, at, err, tt.wantStatus, tt.wantPublish)
		}
	}

	for name, at := range map[string]time.Time{"no time": {}, "a time passed": past, "now itself": now} {
		_, _, err := Transition(editor, article(StatusDraft, time.Time{}), ActionSchedule, at, now)
		if ErrorCode(err) != EINVALID || ErrorField(err) != "publish_at" {
			t.Errorf("scheduling for %s: %v, want EINVALID on publish_at", name, err)
		}
	}
	// Permission comes before the time: a contributor is refused whatever
	// time they ask for.
	if _, _, err := Transition(&Author{ID: 2, Role: RoleContributor}, article(StatusDraft, time.Time{}), ActionSchedule, past, now); ErrorCode(err) != EFORBIDDEN {
		t.Errorf("a contributor scheduling in the past: %v, want EFORBIDDEN", err)
	}
	if _, _, err := Transition(nil, nil, ActionSave, time.Time{}, now); ErrorCode(err) != EUNAUTHORIZED {
		t.Errorf("nobody saving: %v, want EUNAUTHORIZED", err)
	}
}

func TestParseEditorialAction(t *testing.T) {
	for in, want := range map[string]EditorialAction{"": ActionSave, "save": ActionSave, "submit": ActionSubmit,
		"publish": ActionPublish, "schedule": ActionSchedule, "unpublish": ActionUnpublish} {
		if got, err := ParseEditorialAction(in); got != want || err != nil {
			t.Errorf("ParseEditorialAction(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	if _, err := ParseEditorialAction("delete"); ErrorCode(err) != EINVALID {
		t.Errorf("an unknown action: %v, want EINVALID", err)
	}
}
