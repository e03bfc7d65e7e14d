package web

import (
	"net/http"
	"strconv"
	"time"

	"hearth"
)

// The API of the library of strategies, documented in openapi.json.

// APIStrategy is a strategy as the API shows it. Who wrote it is not
// said, only whether the caller did.
type APIStrategy struct {
	ID        int64     `json:"id"`
	Language  string    `json:"language"`
	Title     string    `json:"title"`
	Body      string    `json:"body"`
	Tags      []string  `json:"tags"`
	Program   string    `json:"program"`
	Helped    int       `json:"helped"`
	HelpedMe  bool      `json:"helped_me"`
	Mine      bool      `json:"mine"`
	Hidden    bool      `json:"hidden"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

func apiStrategy(st *hearth.Strategy) APIStrategy {
	tags := st.Tags
	if tags == nil {
		tags = []string{}
	}
	return APIStrategy{ID: st.ID, Language: st.Language, Title: st.Title, Body: st.Body, Tags: tags, Program: st.Program,
		Helped: st.Helped, HelpedMe: st.HelpedMe, Mine: st.Mine, Hidden: st.Hidden, CreatedAt: st.CreatedAt.UTC(), UpdatedAt: st.UpdatedAt.UTC()}
}

// APIStrategies is a page of strategies.
type APIStrategies struct {
	Strategies []APIStrategy `json:"strategies"`
	More       bool          `json:"more"`
}

// apiStrategies lists or searches the library: ?q, ?tag, ?program,
// ?sort, ?lang (first), ?mine, ?offset, ?limit.
func (s *Server) apiStrategies(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	f := hearth.StrategyFilter{Query: q.Get("q"), Tag: q.Get("tag"), Program: q.Get("program"), Sort: q.Get("sort"),
		Language: q.Get("lang"), Mine: q.Get("mine") == "true"}
	if f.Language == "" {
		f.Language = langOf(r.Context())
	}
	if err := pageParams(q, &f.Offset, &f.Limit); err != nil {
		return err
	}
	list, more, err := s.store.Strategies(r.Context(), f)
	if err != nil {
		return err
	}
	out := APIStrategies{Strategies: []APIStrategy{}, More: more}
	for _, st := range list {
		out.Strategies = append(out.Strategies, apiStrategy(st))
	}
	return writeJSON(w, http.StatusOK, out)
}

// APIStrategyInput is a strategy as the API takes it; absent fields keep
// their value (a new strategy is in the member's language unless
// "language" says otherwise). share_id, on a new strategy, saves one of
// the member's shares into the library.
type APIStrategyInput struct {
	Language *string   `json:"language"`
	Title    *string   `json:"title"`
	Body     *string   `json:"body"`
	Tags     *[]string `json:"tags"`
	Program  *string   `json:"program"`
	ShareID  *int64    `json:"share_id"`
}

func (in APIStrategyInput) update() hearth.StrategyUpdate {
	return hearth.StrategyUpdate{Language: in.Language, Title: in.Title, Body: in.Body, Tags: in.Tags, Program: in.Program}
}

func (s *Server) apiCreateStrategy(w http.ResponseWriter, r *http.Request) error {
	in := APIStrategyInput{}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	st := hearth.Strategy{Language: langOf(r.Context())}
	in.update().Apply(&st)
	var err error
	if in.ShareID != nil {
		err = s.store.SaveShareAsStrategy(r.Context(), *in.ShareID, &st)
	} else {
		err = s.store.CreateStrategy(r.Context(), &st)
	}
	if err != nil {
		return apiFields(err, map[string]string{"share": "share_id"})
	}
	w.Header().Set("Location", "/api/v1/strategies/"+strconv.FormatInt(st.ID, 10))
	return writeJSON(w, http.StatusCreated, apiStrategy(&st))
}

func (s *Server) apiGetStrategy(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	st, err := s.store.Strategy(r.Context(), id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, apiStrategy(st))
}

func (s *Server) apiUpdateStrategy(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	in := APIStrategyInput{}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	if in.ShareID != nil {
		return hearth.FieldErrors{"share_id": "error.api.type"}.Err()
	}
	st, err := s.store.UpdateStrategy(r.Context(), id, in.update())
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, apiStrategy(st))
}

func (s *Server) apiDeleteStrategy(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := s.store.DeleteStrategy(r.Context(), id); err != nil {
		return err
	}
	return noContent(w)
}

// apiMarkStrategy marks (PUT) or unmarks (DELETE) a strategy "this helped
// me"; either may be repeated.
func (s *Server) apiMarkStrategy(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := s.store.MarkHelped(r.Context(), id, r.Method == http.MethodPut); err != nil {
		return err
	}
	return noContent(w)
}
