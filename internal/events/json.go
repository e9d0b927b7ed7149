package events

import (
	"encoding/json"
	"time"
)

// wire is an Event as the contract's Event schema says: what the live stream
// and webhooks send, and what mail keeps with a queued mail.
type wire struct {
	ID         string          `json:"id"`
	Seq        int64           `json:"seq"`
	Kind       string          `json:"kind"`
	OccurredAt time.Time       `json:"occurred_at"`
	ActorID    *string         `json:"actor_id"`
	CaseID     *string         `json:"case_id"`
	EntityType string          `json:"entity_type"`
	EntityID   *string         `json:"entity_id"`
	Action     string          `json:"action"`
	Data       json.RawMessage `json:"data"`
}

func orNull(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func orEmpty(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// MarshalJSON encodes e as the contract's Event: absent ids as null, the
// time in UTC, data an object even when none was kept.
func (e Event) MarshalJSON() ([]byte, error) {
	data := e.Data
	if len(data) == 0 || !json.Valid(data) {
		data = json.RawMessage("{}")
	}
	return json.Marshal(wire{ID: e.ID, Seq: e.Seq, Kind: e.Kind, OccurredAt: e.OccurredAt.UTC(), ActorID: orNull(e.ActorID),
		CaseID: orNull(e.CaseID), EntityType: e.EntityType, EntityID: orNull(e.EntityID), Action: e.Action, Data: data})
}

// UnmarshalJSON reads what MarshalJSON wrote.
func (e *Event) UnmarshalJSON(b []byte) error {
	var w wire
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*e = Event{Seq: w.Seq, ID: w.ID, Kind: w.Kind, OccurredAt: w.OccurredAt.UTC(), ActorID: orEmpty(w.ActorID),
		CaseID: orEmpty(w.CaseID), EntityType: w.EntityType, EntityID: orEmpty(w.EntityID), Action: w.Action, Data: w.Data}
	return nil
}
