package store_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/caseward/caseward/internal/cases"
	"github.com/caseward/caseward/internal/directory"
	"github.com/caseward/caseward/internal/restoration"
	"github.com/caseward/caseward/internal/store"
	"github.com/caseward/caseward/internal/users"
)

// seedCases stores n cases through CreateCases, returned as stored: every
// nullable column both null and set (the department, the data subjects, the
// regulator's due and notification times, the members), restricted and not,
// in Polish and Arabic as well as English. The first case has one active
// suspension, which a read of that one case counts.
func seedCases(tb testing.TB, db *store.DB, n int) []cases.Case {
	tb.Helper()
	ctx := context.Background()
	dept, err := db.CreateDepartment(ctx, directory.Department{ID: uuid.New(), Name: "Informatyka — المعلوماتية"})
	if err != nil {
		tb.Fatal(err)
	}
	var people []uuid.UUID
	for i := range 3 {
		u, err := db.CreateUser(ctx, users.User{ID: uuid.New(), Email: fmt.Sprintf("p%d@example.org", i), Name: fmt.Sprintf("Łucja %d", i),
			Role: users.Responder}, "x")
		if err != nil {
			tb.Fatal(err)
		}
		people = append(people, u.ID)
	}
	texts := [][2]string{
		{"Phishing wave", "Mail to every department"},
		{"Wyciek danych: zażółć gęślą jaźń", "Źródło nieznane; łącze przerwane"},
		{"تسرب البيانات", "رسائل مشبوهة إلى جميع الأقسام"},
	}
	base := time.Date(2026, 3, 1, 8, 30, 15, 123456000, time.UTC)
	cs := make([]cases.Case, n)
	for i := range cs {
		text := texts[i%len(texts)]
		c := cases.Case{ID: uuid.New(), Reference: fmt.Sprintf("INC-2026-%06d", i+1), Title: text[0], Summary: text[1],
			Category: cases.Categories[i%len(cases.Categories)], Severity: cases.Severities[i%len(cases.Severities)],
			Status: cases.Reported, BreachStatus: cases.BreachStatuses[i%len(cases.BreachStatuses)],
			OwnerID: people[i%len(people)], DetectedAt: base.Add(time.Duration(i) * time.Minute), AwareAt: base.Add(time.Duration(i)*time.Minute + time.Second),
			Restricted: i%4 == 1}
		if i%2 == 1 { // the nullable columns set
			estimate := int64(1000 + i)
			notified := base.Add(48 * time.Hour)
			c.DepartmentID, c.DataSubjectsEstimate, c.RegulatorNotifiedAt = &dept.ID, &estimate, &notified
			c.PersonalDataInvolved = true // regulator_due_at set
			c.RegulatorReference, c.RegulatorDecisionRationale, c.RegulatorDelayReason = "UODO/2026/"+fmt.Sprint(i), "", "Weekend: ośrodek zamknięty"
			c.MemberIDs = people[:1+i%len(people)]
		}
		cs[i] = c
	}
	stored, err := db.CreateCases(ctx, cs)
	if err != nil {
		tb.Fatal(err)
	}
	svc, err := db.CreateService(ctx, directory.Service{ID: uuid.New(), Name: "Poczta", DepartmentID: dept.ID})
	if err != nil {
		tb.Fatal(err)
	}
	err = db.CreateSuspension(ctx, restoration.Suspension{ID: uuid.New(), CaseID: stored[0].ID, ServiceID: svc.ID, Reason: "Odcięta",
		DecidedBy: "incident lead", RecordedByID: people[0], SuspendedAt: base, Status: restoration.Active, Version: 1, CreatedAt: base, UpdatedAt: base})
	if err != nil {
		tb.Fatal(err)
	}
	return stored
}
