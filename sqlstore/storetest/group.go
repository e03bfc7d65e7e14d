package storetest

import (
	"reflect"
	"strings"
	"testing"

	"hearth"
)

func (s suite) group(t *testing.T) {
	t.Run("CreateGroup", func(t *testing.T) {
		t.Run("OK", func(t *testing.T) {
			e := s.env(t)
			owner := e.mustAccount()
			g := newGroup(func(g *hearth.Group) {
				g.Name = " Tuesday Night Hope "
				g.Languages = []string{"es", " en", "es", ""}
				g.Tags = []string{"women", "lgbtq"}
			})
			ok(t, e.Store.CreateGroup(e.ctx, g, owner.ID))
			if g.ID == 0 {
				t.Fatal("no ID")
			}
			if g.Name != "Tuesday Night Hope" || !reflect.DeepEqual(g.Languages, []string{"es", "en"}) {
				t.Errorf("name %q languages %q, want trimmed, once each, in order", g.Name, g.Languages)
			}
			if !g.CreatedAt.Equal(stored(start)) || !g.UpdatedAt.Equal(stored(start)) {
				t.Errorf("times %v %v, want the store's clock", g.CreatedAt, g.UpdatedAt)
			}
			got, err := e.Store.FindGroupBySlug(e.ctx, g.Slug)
			ok(t, err)
			if !reflect.DeepEqual(got, g) {
				t.Errorf("read back\n%+v\nwant\n%+v", got, g)
			}
			mine, err := e.Store.MyGroups(e.ctx, owner.ID)
			ok(t, err)
			if len(mine) != 1 || mine[0].ID != g.ID {
				t.Errorf("the owner is not a member: %+v", mine)
			}
			home, err := e.Store.Home(e.as(owner), start, today)
			ok(t, err)
			if len(home.Groups) != 1 || home.Groups[0].ID != g.ID || home.Groups[0].Slug != g.Slug || home.Groups[0].Name != g.Name {
				t.Errorf("the owner's dashboard shows groups %+v", home.Groups)
			}
		})
		t.Run("NoLists", func(t *testing.T) {
			e := s.env(t)
			g := e.mustGroup(e.mustAccount().ID, func(g *hearth.Group) { g.Languages, g.Tags = nil, nil })
			got, err := e.Store.FindGroupBySlug(e.ctx, g.Slug)
			ok(t, err)
			if len(got.Languages) != 0 || len(got.Tags) != 0 {
				t.Errorf("lists %q %q", got.Languages, got.Tags)
			}
		})
		t.Run("SlugTaken", func(t *testing.T) {
			e := s.env(t)
			owner := e.mustAccount()
			g := e.mustGroup(owner.ID)
			err := e.Store.CreateGroup(e.ctx, newGroup(func(n *hearth.Group) { n.Slug = g.Slug }), owner.ID)
			wantCode(t, err, hearth.ECONFLICT)
			if list, _ := e.Store.MyGroups(e.ctx, owner.ID); len(list) != 1 {
				t.Errorf("in %d groups after a conflict, want 1", len(list))
			}
		})
		t.Run("Invalid", func(t *testing.T) {
			many := make([]string, 17)
			for i := range many {
				many[i] = "tag" + strings.Repeat("x", i)
			}
			for _, tc := range []struct {
				name  string
				edit  func(*hearth.Group)
				field string
			}{
				{"BadSlug", func(g *hearth.Group) { g.Slug = "Not A Slug" }, "slug"},
				{"NoName", func(g *hearth.Group) { g.Name = "  " }, "name"},
				{"NoProgram", func(g *hearth.Group) { g.Program = "" }, "program"},
				{"BadTimeZone", func(g *hearth.Group) { g.TimeZone = "Nowhere" }, "time_zone"},
				{"BadVisibility", func(g *hearth.Group) { g.Visibility = "secret" }, "visibility"},
				{"BadJoinPolicy", func(g *hearth.Group) { g.JoinPolicy = "invite" }, "join_policy"},
				{"TooManyTags", func(g *hearth.Group) { g.Tags = many }, "tags"},
				{"LongLanguage", func(g *hearth.Group) { g.Languages = []string{strings.Repeat("e", 36)} }, "languages"},
			} {
				t.Run(tc.name, func(t *testing.T) {
					e := s.env(t)
					err := e.Store.CreateGroup(e.ctx, newGroup(tc.edit), e.mustAccount().ID)
					wantCode(t, err, hearth.EINVALID)
					if _, ok := hearth.ErrorFields(err)[tc.field]; !ok {
						t.Errorf("fields %v, want %q at fault", hearth.ErrorFields(err), tc.field)
					}
				})
			}
		})
		t.Run("NoOwner", func(t *testing.T) {
			e := s.env(t)
			wantCode(t, e.Store.CreateGroup(e.ctx, newGroup(), 999), hearth.ENOTFOUND)
		})
	})

	t.Run("FindGroupBySlug", func(t *testing.T) {
		e := s.env(t)
		g := e.mustGroup(e.mustAccount().ID)
		got, err := e.Store.FindGroupBySlug(e.ctx, g.Slug)
		ok(t, err)
		if got.ID != g.ID {
			t.Errorf("found %d, want %d", got.ID, g.ID)
		}
		got, err = e.Store.FindGroupBySlug(e.ctx, "no-such-group")
		wantCode(t, err, hearth.ENOTFOUND)
		if got != nil {
			t.Errorf("ENOTFOUND with %+v", got)
		}
	})

	t.Run("ListGroups", func(t *testing.T) {
		e := s.env(t)
		owner := e.mustAccount()
		for _, g := range []struct{ slug, name, program, visibility string }{
			{"beta", "beta", "aa", hearth.GroupListed},
			{"alpha", "Alpha", "na", hearth.GroupListed},
			{"gamma", "Gamma", "aa", hearth.GroupUnlisted},
			{"delta", "Delta", "aa", hearth.GroupListed},
		} {
			e.mustGroup(owner.ID, func(n *hearth.Group) {
				n.Slug, n.Name, n.Program, n.Visibility = g.slug, g.name, g.program, g.visibility
				n.Languages, n.Tags = []string{"en"}, []string{g.slug}
			})
		}
		for _, tc := range []struct {
			name   string
			filter hearth.GroupFilter
			want   []string
		}{
			{"All", hearth.GroupFilter{}, []string{"alpha", "beta", "delta"}},
			{"Program", hearth.GroupFilter{Program: "aa"}, []string{"beta", "delta"}},
			{"NoSuchProgram", hearth.GroupFilter{Program: "smart"}, nil},
			{"Limit", hearth.GroupFilter{Limit: 2}, []string{"alpha", "beta"}},
			{"Offset", hearth.GroupFilter{Limit: 2, Offset: 2}, []string{"delta"}},
			{"ProgramLimitOffset", hearth.GroupFilter{Program: "aa", Limit: 1, Offset: 1}, []string{"delta"}},
		} {
			t.Run(tc.name, func(t *testing.T) {
				list, err := e.Store.ListGroups(e.ctx, tc.filter)
				ok(t, err)
				var slugs []string
				for _, g := range list {
					slugs = append(slugs, g.Slug)
					if !reflect.DeepEqual(g.Tags, []string{g.Slug}) || !reflect.DeepEqual(g.Languages, []string{"en"}) {
						t.Errorf("%s: lists %q %q", g.Slug, g.Languages, g.Tags)
					}
				}
				if !reflect.DeepEqual(slugs, tc.want) {
					t.Errorf("listed %q, want %q (listed groups only, by name)", slugs, tc.want)
				}
			})
		}
	})

	t.Run("HomeGroups", func(t *testing.T) {
		e := s.env(t)
		owner, m := e.mustAccount(), e.mustAccount()
		b := e.mustGroup(owner.ID, func(g *hearth.Group) { g.Name = "bridge builders" })
		a := e.mustGroup(owner.ID, func(g *hearth.Group) { g.Name = "Anchor"; g.Visibility = hearth.GroupUnlisted })
		e.mustGroup(owner.ID, func(g *hearth.Group) { g.Name = "Another's" })
		for _, g := range []*hearth.Group{b, a} {
			ok(t, e.Store.AddGroupMember(e.ctx, g.ID, m.ID, hearth.GroupMember))
		}
		home, err := e.Store.Home(e.as(m), start, today)
		ok(t, err)
		var names []string
		for _, g := range home.Groups {
			names = append(names, g.Name)
		}
		if want := []string{"Anchor", "bridge builders"}; !reflect.DeepEqual(names, want) {
			t.Errorf("dashboard groups %q, want %q (mine, listed or not, by name regardless of case)", names, want)
		}
	})

	t.Run("AddGroupMember", func(t *testing.T) {
		t.Run("OK", func(t *testing.T) {
			e := s.env(t)
			owner, m := e.mustAccount(), e.mustAccount()
			g := e.mustGroup(owner.ID)
			ok(t, e.Store.AddGroupMember(e.ctx, g.ID, m.ID, hearth.GroupMember))
			// Adding again changes the role and is no conflict.
			ok(t, e.Store.AddGroupMember(e.ctx, g.ID, m.ID, hearth.GroupServant))
			list, err := e.Store.MyGroups(e.ctx, m.ID)
			ok(t, err)
			if len(list) != 1 || list[0].ID != g.ID {
				t.Errorf("member's groups %+v", list)
			}
		})
		for _, tc := range []struct {
			name string
			add  func(e *env, groupID, accountID int64) error
			code string
		}{
			{"NoGroup", func(e *env, g, a int64) error { return e.Store.AddGroupMember(e.ctx, g+1000, a, hearth.GroupMember) }, hearth.ENOTFOUND},
			{"NoAccount", func(e *env, g, a int64) error { return e.Store.AddGroupMember(e.ctx, g, a+1000, hearth.GroupMember) }, hearth.ENOTFOUND},
			{"BadRole", func(e *env, g, a int64) error { return e.Store.AddGroupMember(e.ctx, g, a, "king") }, hearth.EINVALID},
		} {
			t.Run(tc.name, func(t *testing.T) {
				e := s.env(t)
				owner, m := e.mustAccount(), e.mustAccount()
				g := e.mustGroup(owner.ID)
				wantCode(t, tc.add(e, g.ID, m.ID), tc.code)
				if list, _ := e.Store.MyGroups(e.ctx, m.ID); len(list) != 0 {
					t.Errorf("became a member of %+v", list)
				}
			})
		}
	})

	t.Run("MyGroups", func(t *testing.T) {
		e := s.env(t)
		owner, m, other := e.mustAccount(), e.mustAccount(), e.mustAccount()
		b := e.mustGroup(owner.ID, func(g *hearth.Group) { g.Name = "beta" })
		a := e.mustGroup(owner.ID, func(g *hearth.Group) { g.Name = "Alpha"; g.Visibility = hearth.GroupUnlisted })
		e.mustGroup(owner.ID, func(g *hearth.Group) { g.Name = "Not mine" })
		ok(t, e.Store.AddGroupMember(e.ctx, b.ID, m.ID, hearth.GroupMember))
		ok(t, e.Store.AddGroupMember(e.ctx, a.ID, m.ID, hearth.GroupServant))
		list, err := e.Store.MyGroups(e.ctx, m.ID)
		ok(t, err)
		if len(list) != 2 || list[0].ID != a.ID || list[1].ID != b.ID {
			t.Fatalf("groups %+v, want Alpha (unlisted too) then beta", list)
		}
		if !reflect.DeepEqual(list[0].Languages, a.Languages) || !reflect.DeepEqual(list[0].Tags, a.Tags) {
			t.Errorf("lists %q %q, want %q %q", list[0].Languages, list[0].Tags, a.Languages, a.Tags)
		}
		if list, _ := e.Store.MyGroups(e.ctx, other.ID); len(list) != 0 {
			t.Errorf("a member of nothing has %+v", list)
		}
	})
}
