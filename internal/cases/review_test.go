package cases

import (
	"strings"
	"testing"
)

// A review may be written once the case is recovering or closed, never while
// it is still being handled.
func TestReviewableOnlyOnceRecoveringOrClosed(t *testing.T) {
	for _, s := range Statuses {
		want := s == Recovering || s == Closed
		if Reviewable(s) != want {
			t.Errorf("Reviewable(%s) = %v, want %v", s, !want, want)
		}
	}
}

// Every text over its limit is named, and too many follow-ups in one save;
// texts are trimmed first, so trailing spaces never count.
func TestReviewTextErrorsNameEveryField(t *testing.T) {
	long := strings.Repeat("é", MaxReviewText+1)
	d := ReviewDraft{WhatHappened: long, WentWell: strings.Repeat("a", MaxReviewText) + "   ", ToImprove: long,
		FollowUps: make([]FollowUp, MaxFollowUpsInSave+1)}.tidy()
	var fields []string
	for _, f := range d.textErrors() {
		fields = append(fields, f.Field)
	}
	if strings.Join(fields, " ") != "what_happened to_improve follow_ups" {
		t.Errorf("fields %v", fields)
	}
}

// A follow-up becomes an open task in the follow-up group, trimmed.
func TestFollowUpTaskIsATodoInTheFollowUpGroup(t *testing.T) {
	got := followUpTask(FollowUp{Title: "  Patch the VPN ", Description: " soon "})
	if got.Title != "Patch the VPN" || got.Description != "soon" || got.Group != FollowUpGroup || got.Status != TaskTodo || got.Checklist == nil {
		t.Errorf("task %+v", got)
	}
}
