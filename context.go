package hearth

import "context"

type ctxKey int

const accountKey ctxKey = iota

// NewContextWithAccount returns ctx carrying the signed-in account.
func NewContextWithAccount(ctx context.Context, a *Account) context.Context {
	return context.WithValue(ctx, accountKey, a)
}

// AccountFromContext returns the signed-in account, or nil for a visitor.
func AccountFromContext(ctx context.Context) *Account {
	a, _ := ctx.Value(accountKey).(*Account)
	return a
}

// AccountIDFromContext returns the signed-in account's ID, or 0.
func AccountIDFromContext(ctx context.Context) int64 {
	if a := AccountFromContext(ctx); a != nil {
		return a.ID
	}
	return 0
}
