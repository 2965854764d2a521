package save

import (
	"context"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/store"
)

// seedResources is the seed kind of the resources library.
const seedResources = "resources"

// ParseResources reads a resources file: a list under "resources:". Errors
// name the file, the line and the field.
func ParseResources(file string, data []byte) ([]*gtg.LibraryResource, error) {
	return parseList(file, data, "resources", func(r *gtg.LibraryResource) error { r.Normalize(); return r.Validate() })
}

// Resources returns the resources library, writing the embedded starting
// library (seeds/resources.yaml) the first time anyone reads it.
func Resources(ctx context.Context, st *store.Store) ([]*gtg.LibraryResource, error) {
	done, err := st.Seeded(ctx, seedResources)
	if err != nil {
		return nil, err
	}
	if !done {
		rs, err := ParseResources("resources.yaml", SeedYAML("resources.yaml"))
		if err != nil {
			return nil, err
		}
		err = st.InTx(ctx, func(tx *store.Tx) error {
			first, err := tx.ClaimSeed(ctx, seedResources)
			if err != nil || !first {
				return err
			}
			return tx.PutResources(ctx, seedActor, rs)
		})
		if err != nil {
			return nil, err
		}
	}
	return st.Resources(ctx)
}

// PutResources adds or replaces resources (a CSM or above).
func PutResources(ctx context.Context, st *store.Store, u *gtg.User, rs []*gtg.LibraryResource) error {
	if err := gtg.Require(u, gtg.UserCSM, "change the resources library"); err != nil {
		return err
	}
	if _, err := Resources(ctx, st); err != nil { // seed first, so the seeds never overwrite a user's edit
		return err
	}
	return st.PutResources(ctx, u.Email, rs)
}
