package store_test

import (
	"testing"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/store"
	"github.com/gtg-dev/gtg/store/storetest"
)

func TestSavedViews(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		sam := &gtg.User{Email: "sam@gtg.test", Role: gtg.UserCSM, PasswordHash: "x"}
		kim := &gtg.User{Email: "kim@gtg.test", Role: gtg.UserCSM, PasswordHash: "x"}
		for _, u := range []*gtg.User{sam, kim} {
			if err := s.CreateUser(ctx, "t", u); err != nil {
				t.Fatal(err)
			}
		}
		t.Run("OK", func(t *testing.T) {
			red := &gtg.SavedView{UserID: sam.ID, Page: "accounts", Name: " Red renewals ", Query: "?color=red&sort=renewal"}
			if err := s.SaveView(ctx, red); err != nil {
				t.Fatal(err)
			}
			if err := s.SaveView(ctx, &gtg.SavedView{UserID: sam.ID, Page: "accounts", Name: "Falling", Query: "sort=change30"}); err != nil {
				t.Fatal(err)
			}
			// The same name replaces the view's query, keeping one row.
			again := &gtg.SavedView{UserID: sam.ID, Page: "accounts", Name: "Red renewals", Query: "color=red"}
			if err := s.SaveView(ctx, again); err != nil {
				t.Fatal(err)
			}
			if again.ID != red.ID {
				t.Errorf("saving under the same name made view %d, want %d replaced", again.ID, red.ID)
			}
			vs, err := s.SavedViews(ctx, sam.ID, "accounts")
			if err != nil {
				t.Fatal(err)
			}
			if len(vs) != 2 || vs[0].Name != "Falling" || vs[1].Name != "Red renewals" || vs[1].Query != "color=red" {
				t.Fatalf("sam's views = %+v %+v", vs[0], vs[1])
			}
			if vs, _ := s.SavedViews(ctx, kim.ID, "accounts"); len(vs) != 0 {
				t.Errorf("kim sees %d of sam's views", len(vs))
			}
			if err := s.DeleteView(ctx, kim.ID, red.ID); gtg.ErrorCode(err) != gtg.ENOTFOUND {
				t.Errorf("kim deleting sam's view: %v, want not found", err)
			}
			if err := s.DeleteView(ctx, sam.ID, red.ID); err != nil {
				t.Fatal(err)
			}
			if vs, _ := s.SavedViews(ctx, sam.ID, "accounts"); len(vs) != 1 {
				t.Errorf("after delete sam has %d views, want 1", len(vs))
			}
		})
		t.Run("ErrNameRequired", func(t *testing.T) {
			err := s.SaveView(ctx, &gtg.SavedView{UserID: sam.ID, Page: "accounts", Name: "  ", Query: "color=red"})
			if gtg.ErrorCode(err) != gtg.EINVALID {
				t.Errorf("blank name: %v, want invalid", err)
			}
		})
		t.Run("ErrPage", func(t *testing.T) {
			err := s.SaveView(ctx, &gtg.SavedView{UserID: sam.ID, Page: "nowhere", Name: "x"})
			if gtg.ErrorCode(err) != gtg.EINVALID {
				t.Errorf("unknown page: %v, want invalid", err)
			}
		})
	})
}
