package crisis

import "testing"

func TestDetect(t *testing.T) {
	for _, tc := range []struct {
		text string
		want bool
	}{
		{"Some days I just want to die.", true},
		{"I can't go on like this", true},
		{"thinking about SUICIDE again", true},
		{"I don't want to be here anymore", true},
		{"Hoy pensé en quitarme la vida", true},
		{"no quiero vivir así", true},
		{"Ya no puedo más", true},
		{"Quiero hacerme daño", true},
		{"I don't want to be alive.", true},
		{"Honestly I wish I'd never been born", true},
		{"Ya no quiero estar viva", true},
		{"Ojalá estuviera muerto", true},
		// Everyday words that are not these.
		{"I killed it at the noon meeting today", false},
		{"My sponsor says the craving will pass", false},
		{"Fui a la reunión y me sentí mejor", false},
		{"We watched a film about a diet", false},
		{"Glad to be alive and sober today", false},
		{"Estoy viva y agradecida", false},
		{"", false},
	} {
		if got := Detect("", tc.text); got != tc.want {
			t.Errorf("Detect(%q) = %v, want %v", tc.text, got, tc.want)
		}
	}
}
