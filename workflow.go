package masthead

import "time"

// EditorialAction is what a staff member asks of an article as they save
// it. Together with the article's Status it makes the editorial state
// machine: Transition decides what each action does, and who may do it, for
// the browser editor, the command line and importers alike.
type EditorialAction string

// The editorial actions.
const (
	// ActionSave keeps the changes; the article stays where it is in the
	// flow (a new article starts as a draft).
	ActionSave EditorialAction = "save"
	// ActionSubmit sends a draft to the editors for review.
	ActionSubmit EditorialAction = "submit"
	// ActionPublish shows the article to readers now.
	ActionPublish EditorialAction = "publish"
	// ActionSchedule shows the article to readers from a set time.
	ActionSchedule EditorialAction = "schedule"
	// ActionUnpublish takes the article off the site: a draft again.
	ActionUnpublish EditorialAction = "unpublish"
)

// EditorialActions lists every action, in the order the editor offers
// them.
var EditorialActions = []EditorialAction{ActionSave, ActionSubmit, ActionPublish, ActionSchedule, ActionUnpublish}

// ParseEditorialAction returns the action named s, where "" is a save, or
// EINVALID for a name that is no action.
func ParseEditorialAction(s string) (EditorialAction, error) {
	if s == "" {
		return ActionSave, nil
	}
	for _, act := range EditorialActions {
		if string(act) == s {
			return act, nil
		}
	}
	return "", Errorf(EINVALID, "Choose what to do with the article.")
}

// IsPublishing reports whether doing act to stored (nil for a new article)
// changes what readers see, or will see at a set time: publishing,
// scheduling and unpublishing do, and so does any change to an article
// that is published or scheduled. Only those who may publish an article
// may do it.
func IsPublishing(stored *Article, act EditorialAction) bool {
	switch act {
	case ActionPublish, ActionSchedule, ActionUnpublish:
		return true
	}
	return stored != nil && (stored.Status == StatusPublished || stored.Status == StatusScheduled)
}

// CheckAction reports whether u may do act to stored (nil for a new
// article) and whether act makes sense where stored stands, without
// regard to any time: EFORBIDDEN for what u's role does not allow,
// ECONFLICT for an action that does not apply to the article's status
// (submitting what is already published, unpublishing a draft), EINVALID
// for an unknown action. The editor offers exactly the actions it allows.
func CheckAction(u *Author, stored *Article, act EditorialAction) error {
	if u == nil {
		return Errorf(EUNAUTHORIZED, "Please sign in.")
	}
	if stored == nil && !Can(u.Role, ActWriteDrafts) {
		return Errorf(EFORBIDDEN, "Your role does not allow you to write articles.")
	}
	if stored != nil && !CanEditArticle(u, stored) {
		return Errorf(EFORBIDDEN, "Your role does not allow you to edit this article.")
	}
	if IsPublishing(stored, act) {
		allowed := Can(u.Role, ActPublishOwn)
		if stored != nil {
			allowed = CanPublishArticle(u, stored)
		}
		if !allowed {
			return Errorf(EFORBIDDEN, "Your role does not allow you to publish, schedule or unpublish articles.")
		}
	}
	from := StatusDraft
	if stored != nil {
		from = stored.Status
	}
	switch act {
	case ActionSave, ActionSchedule:
		return nil
	case ActionSubmit:
		switch from {
		case StatusDraft:
			return nil
		case StatusPending:
			return Errorf(ECONFLICT, "The article is already waiting for review.")
		}
		return Errorf(ECONFLICT, "A published or scheduled article is not sent for review: unpublish it first.")
	case ActionPublish:
		if from == StatusPublished {
			return Errorf(ECONFLICT, "The article is already published: update it instead.")
		}
		return nil
	case ActionUnpublish:
		if from == StatusPublished || from == StatusScheduled {
			return nil
		}
		return Errorf(ECONFLICT, "Only a published or scheduled article can be unpublished.")
	}
	return Errorf(EINVALID, "Choose what to do with the article.")
}

// Transition returns the status and publish time that stored (nil for a
// new article) takes when u does act at now, where at is the publish time
// asked for by a schedule (zero when none was given). It returns the
// errors of CheckAction, and EINVALID for the "publish_at" field when a
// schedule has no time or one that has passed.
//
// Publishing keeps a publish time that has passed, so that an article
// unpublished and published again keeps its date and its address; a
// publish time still to come gives way to now. Saving, submitting and
// unpublishing leave the publish time as it was.
func Transition(u *Author, stored *Article, act EditorialAction, at, now time.Time) (Status, time.Time, error) {
	if err := CheckAction(u, stored, act); err != nil {
		return "", time.Time{}, err
	}
	status, published := StatusDraft, time.Time{}
	if stored != nil {
		status, published = stored.Status, stored.PublishedAt
	}
	switch act {
	case ActionSubmit:
		return StatusPending, published, nil
	case ActionPublish:
		if published.IsZero() || published.After(now) {
			published = now
		}
		return StatusPublished, published, nil
	case ActionSchedule:
		switch {
		case at.IsZero():
			return "", time.Time{}, FieldErrorf("publish_at", "Choose the date and time to publish at.")
		case !at.After(now):
			return "", time.Time{}, FieldErrorf("publish_at", "That time has passed: choose a later one, or publish now.")
		}
		return StatusScheduled, at, nil
	case ActionUnpublish:
		return StatusDraft, published, nil
	}
	return status, published, nil
}
