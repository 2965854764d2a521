package store_test

import (
	"context"
	"strings"
	"testing"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/store"
	"github.com/gtg-dev/gtg/store/storetest"
)

// TestCreateOfferEnforcesTheLadder checks the ladder's order where every
// caller meets it: in the store's transaction, against the account's earlier offers.
func TestCreateOfferEnforcesTheLadder(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		day := gtg.MustParseDay("2026-03-02")
		var acct int64
		if err := s.InTx(ctx, func(tx *store.Tx) error {
			a := &gtg.Account{ExternalID: "A1", Name: "Acme", ARR: 100000}
			_, err := tx.UpsertAccounts(ctx, "test", []*gtg.Account{a})
			acct = a.ID
			return err
		}); err != nil {
			t.Fatal(err)
		}
		offer := func(rung string, terms gtg.OfferTerms, skips ...gtg.SkippedRung) *gtg.Offer {
			o := &gtg.Offer{AccountID: acct, AccountExt: "A1", Rung: rung, Terms: terms, ARRBefore: 100000, Status: gtg.OfferProposed,
				Proposer: "kim@x.io", ProposedOn: day, Skipped: skips}
			o.Normalize()
			return o
		}
		create := func(o *gtg.Offer) error {
			return s.InTx(ctx, func(tx *store.Tx) error { return tx.CreateOffer(ctx, o) })
		}
		t.Run("ErrSkipWithoutReason", func(t *testing.T) {
			err := create(offer("pause", gtg.OfferTerms{Until: day + 30}, gtg.SkippedRung{Rung: "expand", Reason: "no"}))
			if gtg.ErrorCode(err) != gtg.EINVALID || !strings.HasPrefix(gtg.ErrorMessage(err), "skip.reduce:") {
				t.Fatalf("err = %v, want EINVALID naming reduce", err)
			}
			os, _ := s.Offers(ctx, gtg.OfferFilter{})
			audit, _ := s.AuditLog(ctx, "offer", "", 10)
			if len(os) != 0 || len(audit) != 0 {
				t.Fatalf("wrote %d offers and %d audit entries", len(os), len(audit))
			}
		})
		t.Run("OKDeclinedRungCountsAsTried", func(t *testing.T) {
			ex := offer("expand", gtg.OfferTerms{ARR: 110000})
			if err := create(ex); err != nil {
				t.Fatal(err)
			}
			if err := create(offer("reduce", gtg.OfferTerms{ARR: 90000})); gtg.ErrorCode(err) != gtg.ECONFLICT {
				t.Fatalf("second open offer: %v", err)
			}
			if err := s.InTx(ctx, func(tx *store.Tx) error {
				ex.Status = gtg.OfferDeclined
				return tx.UpdateOffer(ctx, ex)
			}); err != nil {
				t.Fatal(err)
			}
			r := offer("reduce", gtg.OfferTerms{ARR: 90000})
			if err := create(r); err != nil {
				t.Fatalf("reduce after a declined expand: %v", err)
			}
			got, err := s.Offer(ctx, r.ID)
			if err != nil || got.Rung != "reduce" || got.ARRAfter != 90000 || got.Proposer != "kim@x.io" || got.ProposedOn != day {
				t.Fatalf("stored = %+v, %v", got, err)
			}
			audit, _ := s.AuditLog(ctx, "offer", "", 10)
			if len(audit) != 2 || audit[0].Action != "propose" {
				t.Fatalf("audit = %+v", audit)
			}
		})
	})
}
