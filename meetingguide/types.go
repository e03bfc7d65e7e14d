package meetingguide

import (
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"
)

// The languages Meeting Guide names its types in, in the order the names
// are stored.
var typeLanguages = [numLangs]string{"en", "es", "fr", "ja", "nl", "pt", "sk", "sv", "th"}

const numLangs = 9

// TypeLanguages returns the languages the Meeting Guide type table names its
// types in: en, es, fr, ja, nl, pt, sk, sv and th.
func TypeLanguages() []string { return slices.Clone(typeLanguages[:]) }

// langIndex returns where names in lang are stored, or -1. It takes the
// primary subtag of a BCP 47 tag, so "es-MX" finds Spanish.
func langIndex(lang string) int {
	if i := strings.IndexAny(lang, "-_"); i >= 0 {
		lang = lang[:i]
	}
	for i, l := range typeLanguages {
		if strings.EqualFold(l, lang) {
			return i
		}
	}
	return -1
}

// Type is a meeting type: the code a feed carries in "types" and the names
// people read. Types come from Types, LookupType and ReadTypes.
type Type struct {
	// Code is the code as written in feeds, e.g. "O" or "12x12". Codes are
	// case-sensitive.
	Code         string
	names        *[numLangs]string
	inPersonOnly bool
}

// Name returns the type's name in lang (a BCP 47 tag such as "es" or
// "es-MX"), in English when it has none in lang, or the code itself when it
// has no name at all.
func (t Type) Name(lang string) string {
	if t.names == nil {
		return t.Code
	}
	if i := langIndex(lang); i >= 0 && t.names[i] != "" {
		return t.names[i]
	}
	if t.names[0] != "" {
		return t.names[0]
	}
	return t.Code
}

// Names returns the type's names by language, for the languages it has a
// name in.
func (t Type) Names() map[string]string {
	m := make(map[string]string)
	if t.names == nil {
		return m
	}
	for i, n := range t.names {
		if n != "" {
			m[typeLanguages[i]] = n
		}
	}
	return m
}

// InPersonOnly reports whether the type makes sense only where people meet
// in a room (babysitting, breakfast, candlelight, smoking, wheelchair
// access…). Such types are removed from online-only meetings.
func (t Type) InPersonOnly() bool { return t.inPersonOnly }

// typeTable is one program's list of types.
type typeTable struct {
	list   []Type
	byCode map[string]int // code → index in list
	byFold map[string]int // lower-case code → index, to mend "o" into "O"
}

func newTypeTable(entries []typeEntry, inPersonOnly ...string) *typeTable {
	t := &typeTable{byCode: make(map[string]int), byFold: make(map[string]int)}
	for i := range entries {
		e := &entries[i]
		t.list = append(t.list, Type{Code: e.code, names: &e.names, inPersonOnly: slices.Contains(inPersonOnly, e.code)})
	}
	slices.SortFunc(t.list, func(a, b Type) int { return strings.Compare(a.Code, b.Code) })
	for i, ty := range t.list {
		if _, dup := t.byCode[ty.Code]; dup {
			panic("meetingguide: duplicate type code " + ty.Code)
		}
		t.byCode[ty.Code] = i
		t.byFold[strings.ToLower(ty.Code)] = i
	}
	for _, c := range inPersonOnly {
		if _, ok := t.byCode[c]; !ok {
			panic("meetingguide: in-person-only type " + c + " is not in its table")
		}
	}
	return t
}

// lookup finds a code exactly.
func (t *typeTable) lookup(code string) (Type, bool) {
	if i, ok := t.byCode[code]; ok {
		return t.list[i], true
	}
	return Type{}, false
}

// mend finds a code that differs from a known one only in letter case and
// returns the known spelling.
func (t *typeTable) mend(code string) (string, bool) {
	if i, ok := t.byFold[strings.ToLower(code)]; ok {
		return t.list[i].Code, true
	}
	return "", false
}

type typeEntry struct {
	code  string
	names [numLangs]string
}

// tableFor returns the type list a program's feeds use: Narcotics
// Anonymous has its own codes (some of them spelled like Meeting Guide
// codes); every other program uses Meeting Guide's.
func tableFor(p Program) *typeTable {
	if p == ProgramNA {
		return naTypes
	}
	return meetingGuideTypes
}

// Types returns the types a program's feeds use, sorted by code: for
// Narcotics Anonymous its own common codes, for every other program (and
// for the empty Program) the 87 Meeting Guide codes.
func Types(p Program) []Type { return slices.Clone(tableFor(p).list) }

// LookupType finds a type code in a program's list. Codes are
// case-sensitive, as in feeds.
func LookupType(p Program, code string) (Type, bool) { return tableFor(p).lookup(code) }

// TypeName returns the name of a program's type code in lang (falling back
// to English), or the code itself when the program does not know it.
func TypeName(p Program, code, lang string) string {
	if t, ok := LookupType(p, code); ok {
		return t.Name(lang)
	}
	return code
}

// ReadTypes reads a type list in the shape of Meeting Guide's types.json
// (and its proposed-new.json and proposed-change.json): an object from
// code to an object from language to name. Every type needs an English
// name; languages other than those of TypeLanguages are an error. The
// types come back sorted by code. ReadTypes reads at most 1 MiB.
func ReadTypes(r io.Reader) ([]Type, error) {
	var raw map[string]map[string]string
	dec := json.NewDecoder(io.LimitReader(r, 1<<20))
	if err := dec.Decode(&raw); err != nil {
		return nil, fmt.Errorf("meetingguide: reading types: %w", err)
	}
	if raw == nil {
		return nil, fmt.Errorf("meetingguide: reading types: want an object of codes, got null")
	}
	types := make([]Type, 0, len(raw))
	for code, byLang := range raw {
		if code == "" || len(code) > maxTypeCode || strings.TrimSpace(code) != code {
			return nil, fmt.Errorf("meetingguide: reading types: bad code %q", code)
		}
		names := new([numLangs]string)
		for lang, name := range byLang {
			i := slices.Index(typeLanguages[:], lang)
			if i < 0 {
				return nil, fmt.Errorf("meetingguide: reading types: type %q: unknown language %q", code, lang)
			}
			names[i] = name
		}
		if names[0] == "" {
			return nil, fmt.Errorf("meetingguide: reading types: type %q has no English name", code)
		}
		types = append(types, Type{Code: code, names: names})
	}
	slices.SortFunc(types, func(a, b Type) int { return strings.Compare(a.Code, b.Code) })
	return types, nil
}

// maxTypeCode is the longest type code Hearth accepts, in bytes.
const maxTypeCode = 64

// Attendance says how people take part in a meeting. It is not a field of
// the format: Meeting.Attendance derives it.
type Attendance string

// The attendance values.
const (
	InPerson Attendance = "in_person" // in a room, at a specific address
	Online   Attendance = "online"    // by video or phone only
	Hybrid   Attendance = "hybrid"    // in a room, and by video or phone
	Inactive Attendance = "inactive"  // the room is temporarily closed, and there is no way to join online
)

var attendanceNames = map[Attendance][2]string{
	InPerson: {"In person", "Presencial"},
	Online:   {"Online", "En línea"},
	Hybrid:   {"Hybrid", "Híbrida"},
	Inactive: {"Temporarily inactive", "Inactiva temporalmente"},
}

// Name returns the attendance value's name in English, or in Spanish when
// lang is Spanish.
func (a Attendance) Name(lang string) string {
	n, ok := attendanceNames[a]
	if !ok {
		return string(a)
	}
	if langIndex(lang) == 1 {
		return n[1]
	}
	return n[0]
}

// Program is a recovery program (a fellowship) by its stable code, e.g.
// "aa" or "smart". Hearth stores these codes; keep them stable.
type Program string

// The programs Hearth knows: the 27 that meeting-list software commonly
// knows, then SMART Recovery, LifeRing, Celebrate Recovery, and a place for
// secular and other programs.
const (
	ProgramACA               Program = "aca"
	ProgramAlAnon            Program = "al-anon"
	ProgramAA                Program = "aa"
	ProgramCMA               Program = "cma"
	ProgramCoDA              Program = "coda"
	ProgramCA                Program = "ca"
	ProgramCEAHOW            Program = "cea-how"
	ProgramDA                Program = "da"
	ProgramDAA               Program = "daa"
	ProgramEDA               Program = "eda"
	ProgramGA                Program = "ga"
	ProgramHA                Program = "ha"
	ProgramMA                Program = "ma"
	ProgramNA                Program = "na"
	ProgramOA                Program = "oa"
	ProgramPAL               Program = "pal"
	ProgramRCA               Program = "rca"
	ProgramRecoveryDharma    Program = "recovery-dharma"
	ProgramRefugeRecovery    Program = "refuge-recovery"
	ProgramSAA               Program = "saa"
	ProgramSA                Program = "sa"
	ProgramSCA               Program = "sca"
	ProgramSLAA              Program = "slaa"
	ProgramSupportGroups     Program = "support-groups"
	ProgramSIA               Program = "sia"
	ProgramUA                Program = "ua"
	ProgramVA                Program = "va"
	ProgramSMART             Program = "smart"
	ProgramLifeRing          Program = "lifering"
	ProgramCelebrateRecovery Program = "celebrate-recovery"
	ProgramOther             Program = "other"
)

// programInfo is a program with its English and Spanish names.
type programInfo struct {
	code  Program
	names [2]string
}

// programs lists every program, in the order Programs returns them.
var programs = []programInfo{
	{ProgramACA, [2]string{"Adult Children of Alcoholics", "Hijos Adultos de Alcohólicos"}},
	{ProgramAlAnon, [2]string{"Al-Anon", "Al-Anon"}},
	{ProgramAA, [2]string{"Alcoholics Anonymous", "Alcohólicos Anónimos"}},
	{ProgramCMA, [2]string{"Crystal Meth Anonymous", "Crystal Meth Anónimos"}},
	{ProgramCoDA, [2]string{"Co-Dependents Anonymous", "Codependientes Anónimos"}},
	{ProgramCA, [2]string{"Cocaine Anonymous", "Cocaína Anónimos"}},
	{ProgramCEAHOW, [2]string{"Compulsive Eaters Anonymous-HOW", "Comedores Compulsivos Anónimos-HOW"}},
	{ProgramDA, [2]string{"Debtors Anonymous", "Deudores Anónimos"}},
	{ProgramDAA, [2]string{"Drug Addicts Anonymous", "Drogadictos Anónimos"}},
	{ProgramEDA, [2]string{"Eating Disorders Anonymous", "Trastornos Alimentarios Anónimos"}},
	{ProgramGA, [2]string{"Gamblers Anonymous", "Jugadores Anónimos"}},
	{ProgramHA, [2]string{"Heroin Anonymous", "Heroína Anónimos"}},
	{ProgramMA, [2]string{"Marijuana Anonymous", "Marihuana Anónimos"}},
	{ProgramNA, [2]string{"Narcotics Anonymous", "Narcóticos Anónimos"}},
	{ProgramOA, [2]string{"Overeaters Anonymous", "Comedores Compulsivos Anónimos"}},
	{ProgramPAL, [2]string{"Parents of Addicted Loved Ones", "Padres de Seres Queridos Adictos"}},
	{ProgramRCA, [2]string{"Recovering Couples Anonymous", "Parejas en Recuperación Anónimas"}},
	{ProgramRecoveryDharma, [2]string{"Recovery Dharma", "Recovery Dharma"}},
	{ProgramRefugeRecovery, [2]string{"Refuge Recovery", "Refuge Recovery"}},
	{ProgramSAA, [2]string{"Sex Addicts Anonymous", "Adictos al Sexo Anónimos"}},
	{ProgramSA, [2]string{"Sexaholics Anonymous", "Sexólicos Anónimos"}},
	{ProgramSCA, [2]string{"Sexual Compulsives Anonymous", "Compulsivos Sexuales Anónimos"}},
	{ProgramSLAA, [2]string{"Sex and Love Addicts Anonymous", "Adictos al Sexo y al Amor Anónimos"}},
	{ProgramSupportGroups, [2]string{"Support Groups", "Grupos de apoyo"}},
	{ProgramSIA, [2]string{"Survivors of Incest Anonymous", "Sobrevivientes de Incesto Anónimos"}},
	{ProgramUA, [2]string{"Underearners Anonymous", "Bajos Ingresos Anónimos"}},
	{ProgramVA, [2]string{"Violence Anonymous", "Violencia Anónimos"}},
	{ProgramSMART, [2]string{"SMART Recovery", "SMART Recovery"}},
	{ProgramLifeRing, [2]string{"LifeRing Secular Recovery", "LifeRing Secular Recovery"}},
	{ProgramCelebrateRecovery, [2]string{"Celebrate Recovery", "Celebremos la Recuperación"}},
	{ProgramOther, [2]string{"Secular or other", "Secular u otro"}},
}

// Programs returns every program Hearth knows, in a stable order.
func Programs() []Program {
	ps := make([]Program, len(programs))
	for i, p := range programs {
		ps[i] = p.code
	}
	return ps
}

// Known reports whether Hearth knows the program.
func (p Program) Known() bool {
	return slices.ContainsFunc(programs, func(q programInfo) bool { return q.code == p })
}

// Name returns the program's name in English, or in Spanish when lang is
// Spanish; an unknown program's name is its code.
func (p Program) Name(lang string) string {
	for _, q := range programs {
		if q.code == p {
			if langIndex(lang) == 1 {
				return q.names[1]
			}
			return q.names[0]
		}
	}
	return string(p)
}

var (
	meetingGuideTypes = newTypeTable(meetingGuideTypeList[:], "BA", "BRK", "CAN", "CF", "OUT", "SM", "X", "XB")
	naTypes           = newTypeTable(naTypeList[:], "CAN", "CW", "NS", "SMOK", "X")
)

// meetingGuideTypeList is Meeting Guide's type list: every code with its
// name in each of typeLanguages. It follows the format's published
// types.json (MIT licence; see TYPES-LICENSE), which a test compares it to.
var meetingGuideTypeList = [...]typeEntry{
	{"11", [numLangs]string{"11th Step Meditation", "Meditación del Paso 11", "Méditation sur la 11e Étape", "ステップ11 黙想", "Stap 11 meditatie", "Meditação do 11º Passo", "Meditácia 11. kroku", "11th Stegs Meditation", "การทำสมาธิตามขั้นตอนที่ 11"}},
	{"12x12", [numLangs]string{"12 Steps & 12 Traditions", "12 Pasos y 12 Tradiciones", "12 Étapes et 12 Traditions", "12のステップと12の伝統", "12 Stappen en 12 Tradities", "12 Passos e 12 Tradições", "12 Krokov & 12 Tradícií", "12 Steg & 12 Traditioner", "ขั้นตอนทั้งสิบสองและธรรมเนียมทั้งสิบสอง"}},
	{"A", [numLangs]string{"Secular", "Secular", "Séculier", "無宗教", "Seculier", "Secular", "Svetské", "Sekulärt", "ไม่เกี่ยวข้องกับศาสนา"}},
	{"ABSI", [numLangs]string{"As Bill Sees It", "Como lo ve Bill", "Réflexions de Bill", "ビルはこう思う", "Zoals Bill het ziet", "Na opinião de Bill", "Ako to vidí Bill", "Som Bill Ser Det", "ในมุมมองของบิล"}},
	{"AF", [numLangs]string{"Afrikaans", "Afrikáans", "Afrikaans", "アフリカーンス語", "Afrikaans", "Afrikaans", "Afrikánčina", "Afrikaans", "แอฟริกานส์"}},
	{"AL", [numLangs]string{"Concurrent with Alateen", "Concurrente con Alateen", "En même temps qu’Alateen", "アラティーンと同時進行", "Gelijktijdig met Alateen", "Em simultâneo com Alateen", "Súbežne s Alateen", "Tillsammans med Alateen", "ควบคู่กับ Alateen"}},
	{"AL-AN", [numLangs]string{"Concurrent with Al-Anon", "Concurrente con Al-Anon", "En même temps qu’Al-Anon", "アラノンと同時進行", "Gelijktijdig met Al-Anon", "Em simultâneo com Al-Anon", "Súbežne s Al-Anon", "Tillsammans med Al-Anon", "ควบคู่กับ Al-Anon"}},
	{"AM", [numLangs]string{"Amharic", "Amárico", "Amharique", "アムハラ語", "Amhaars", "Amárico", "Amharčina", "Amhariska", "อัมฮาริก"}},
	{"AR", [numLangs]string{"Arabic", "Árabe", "Arabe", "アラビア語", "Arabisch", "Árabe", "Arabské", "Arabiska", "อาหรับ"}},
	{"ASL", [numLangs]string{"American Sign Language", "Lenguaje por señas", "Langage des Signes", "アメリカ手話", "Amerikaanse gebaren taal", "Língua Gestual Americana", "Americký posunkový jazyk", "Amerikanskt teckenspråk", "ภาษามืออเมริกัน"}},
	{"B", [numLangs]string{"Big Book", "Libro Grande", "Gros Livre", "ビッグブック", "Big Book", "Livro Azul", "Veľká Kniha", "Stora Boken", "หนังสือบิ๊กบุ๊คหรือหนังสือกลุ่มผู้ติดสุรานิรนาม"}},
	{"BA", [numLangs]string{"Babysitting Available", "Guardería disponible", "Garderie d’enfants disponible", "ベビーシッターあり", "Kinderopvang aanwezig", "Babysitting disponível", "Dostupné opatrovanie detí", "Barnvakt Finns", "มีบริการดูแลเด็ก"}},
	{"BE", [numLangs]string{"Newcomer", "Principiantes", "Nouveau/nouvelle", "ビギナーズ", "Nieuwkomer", "Recém-chegados", "Nováčikovia", "Nykomling", "สมาชิกใหม่"}},
	{"BG", [numLangs]string{"Bulgarian", "Búlgaro", "Bulgare", "ブルガリア語", "Bulgaars", "Búlgaro", "Bulharské", "Bulgariska", "บัลแกเรีย"}},
	{"BI", [numLangs]string{"Bisexual", "Bisexual", "Bisexuel", "バイセクシャル", "Biseksueel", "Bisexual", "Bisexuálne", "Bisexuellt", "รักสองเพศ"}},
	{"BRK", [numLangs]string{"Breakfast", "Desayuno", "Petit déjeuner", "朝食", "Ontbijt", "Pequeno-Almoço", "Raňajky", "Frukost", "อาหารเช้า"}},
	{"C", [numLangs]string{"Closed", "Cerrada", "Fermé", "クローズド", "Gesloten", "Fechada", "Uzatvorené", "Slutet", "ปิด"}},
	{"CAN", [numLangs]string{"Candlelight", "Luz de una vela", "À la chandelle", "キャンドル", "Candlelight", "Luz de Velas", "Sviečky", "Tända Ljus", "แสงเทียน"}},
	{"CF", [numLangs]string{"Child-Friendly", "Niño amigable", "Enfants acceptés", "お子さま歓迎", "Kindvriendelijk", "Amigável para Crianças", "Priateľský k deťom", "Barnvänligt", "ยินดีต้อนรับเด็ก"}},
	{"D", [numLangs]string{"Discussion", "Discusión", "Discussion", "ディスカッション", "Discussie", "Discussão", "Diskusia", "Diskussion", "การแบ่งปัน"}},
	{"DA", [numLangs]string{"Danish", "Danés", "Danois", "デンマーク語", "Deens", "Dinamarquês", "Dánsky", "Danska", "เดนมาร์ก"}},
	{"DB", [numLangs]string{"Digital Basket", "Canasta digital", "Panier numérique", "電子献金", "Digitale mand", "Cesto Digital", "Digitálny košík", "Digital Korg", "บริจาคออนไลน์"}},
	{"DD", [numLangs]string{"Dual Diagnosis", "Diagnóstico dual", "Double diagnostic", "重複診断", "Dubbele diagnose", "Duplo Diagnóstico", "Duálna diagnóza", "Dubbel Diagnos", "โรคร่วม (สุขภาพจิตและการเสพติด)"}},
	{"DE", [numLangs]string{"German", "Alemán", "Allemand", "ドイツ語", "Duits", "Alemão", "Nemecké", "Tyska", "เยอรมัน"}},
	{"DR", [numLangs]string{"Daily Reflections", "Reflexiones Diarias", "Réflexions quotidiennes", "今日を新たに", "Dagelijkse weerspiegelingen", "Reflexões Diárias", "Denné úvahy", "Dagliga Reflektioner", "ข้อคิดประจำวัน"}},
	{"EL", [numLangs]string{"Greek", "Griego", "Grec", "ギリシャ語", "Grieks", "Grego", "Grécke", "Grekiska", "กรีก"}},
	{"EN", [numLangs]string{"English", "Inglés", "Anglais", "英語", "Engels", "Inglês", "Anglické", "Engelska", "อังกฤษ"}},
	{"FA", [numLangs]string{"Persian", "Persa", "Persan", "ペルシア語", "Perzisch", "Persa", "Perzské", "Persiska", "เปอร์เซีย"}},
	{"FF", [numLangs]string{"Fragrance Free", "Sin fragancia", "Sans parfum", "香水なし", "Geen parfum", "Sem Perfumes", "Bez vône", "Parfym Fritt", "ปราศจากน้ำหอม"}},
	{"FI", [numLangs]string{"Finnish", "Finlandés", "Finlandais", "フィンランド語", "Fins", "Finlandês", "Fínčina", "Finska", "ฟินแลนด์"}},
	{"FR", [numLangs]string{"French", "Francés", "Français", "フランス語", "Frans", "Francês", "Francúzsky", "Franska", "ฝรั่งเศส"}},
	{"G", [numLangs]string{"Gay", "Gay", "Gai", "ゲイ", "Homo", "Gay", "Gay", "Gay", "เกย์"}},
	{"GR", [numLangs]string{"Grapevine", "La Viña", "La Vigne", "グレープバイン", "Wijnstok", "Grapevine", "Grapevine", "Grapevine", "เกรปไวน์"}},
	{"H", [numLangs]string{"Birthday", "Cumpleaños", "Anniversaire", "バースデー", "Verjaardag", "Aniversário", "Narodeniny", "Födelsedag", "วันครบรอบการไม่เมา"}},
	{"HE", [numLangs]string{"Hebrew", "Hebreo", "Hébreu", "ヘブライ語", "Hebreeuws", "Hebreu", "Hebrejské", "Hebreiska", "ฮีบรู"}},
	{"HI", [numLangs]string{"Hindi", "Hindi", "Hindi", "ヒンディー語", "Hindi", "Hindi", "Hindi", "Hindi", "ฮินดี"}},
	{"HR", [numLangs]string{"Croatian", "Croata", "Croate", "クロアチア語", "Kroatisch", "Croata", "Chorvátsky", "Kroatiska", "โครเอเชีย"}},
	{"HU", [numLangs]string{"Hungarian", "Húngaro", "Hongrois", "ハンガリー語", "Hongaars", "Hungaro", "Maďarské", "Ungerska", "ฮังการี"}},
	{"IS", [numLangs]string{"Icelandic", "Islandés", "Islandais", "アイスランド語", "IJslands", "Islandês", "Islanské", "Isländska", "ไอซ์แลนด์"}},
	{"ITA", [numLangs]string{"Italian", "Italiano", "Italien", "イタリア語", "Italiaans", "Italiano", "Taliansky", "Italienska", "อิตาลี"}},
	{"JA", [numLangs]string{"Japanese", "Japonés", "Japonais", "日本語", "Japans", "Japonês", "Japonské", "Japanska", "ญี่ปุ่น"}},
	{"KA", [numLangs]string{"Georgian", "Georgiano", "Géorgien", "ジョージア語", "Georgisch", "Georgiano", "Gruzínske", "Georgiska", "จอร์เจีย"}},
	{"KOR", [numLangs]string{"Korean", "Coreano", "Coréen", "韓国語", "Koreaans", "Coreano", "Kórejske", "Koreanska", "เกาหลี"}},
	{"L", [numLangs]string{"Lesbian", "Lesbiana", "Lesbienne", "レズビアン", "Lesbisch", "Lésbica", "Lesbické", "Lesbiskt", "เลสเบียน"}},
	{"LGBTQ", [numLangs]string{"LGBTQ", "LGBTQ", "LGBTQ", "LGBTQ", "LGBTQ", "LGBTQ", "LGBTQ", "HBTQ", "กลุ่มผู้มีความหลากหลายทางเพศ (LGBTQ+)"}},
	{"LIT", [numLangs]string{"Literature", "Literatura", "Publications", "書籍", "Literatuur", "Literatura", "Literatúra", "Litteratur", "วรรณกรรมของเอเอ"}},
	{"LS", [numLangs]string{"Living Sober", "Viviendo Sobrio", "Vivre… Sans alcool", "リビングソーバー", "Sober leven", "Viver Sóbrio", "Triezvy život", "Leva Nyktert", "ชีวิตที่ใม่เมา"}},
	{"LT", [numLangs]string{"Lithuanian", "Lituano", "Lituanien", "リトアニア語", "Litouws", "Lituano", "Litovské", "Litauiska", "ลิทัวเนีย"}},
	{"M", [numLangs]string{"Men", "Hombres", "Hommes", "男性", "Mannen", "Homens", "Muži", "Mansmöte", "ผู้ชาย"}},
	{"MED", [numLangs]string{"Meditation", "Meditación", "Méditation", "黙想", "Meditatie", "Meditação", "Meditácia", "Meditationsmöte", "สมาธิ"}},
	{"ML", [numLangs]string{"Malayalam", "Malayalam", "Malayalam", "マラヤーラム語", "Malayalam", "Malaiala", "Malajálamsky", "Malayalam", "มาลายาลัม"}},
	{"MT", [numLangs]string{"Maltese", "Maltés", "Maltais", "マルタ語", "Maltees", "Maltês", "Maltézske", "Maltesiska", "มอลตา"}},
	{"N", [numLangs]string{"Native American", "Nativo Americano", "Autochtone", "ネイティブアメリカン", "Indiaan", "Nativo Americano", "Domorodí Američania", "Ur-amerikanskt", "ชนพื้นเมืองอเมริกัน"}},
	{"NB", [numLangs]string{"Non-Binary", "No binario", "Non binaire", "ノンバイナリー", "Niet-binair", "Não binário", "Nebinárne", "Icke-binär", "ไม่ระบุเพศ"}},
	{"NDG", [numLangs]string{"Indigenous", "Indígena", "Indigène", "先住民", "Inheems", "Indígena", "Domorodé", "Urfolkligt", "ชนพื้นเมือง"}},
	{"NE", [numLangs]string{"Nepali", "Nepalí", "Népalais", "ネパール語", "Nepalees", "Nepalês", "Nepálsky", "Nepali", "เนปาล"}},
	{"NL", [numLangs]string{"Dutch", "Holandés", "Néerlandais", "オランダ語", "Nederlands", "Holandês", "Holandské", "Holländska", "ดัตช์"}},
	{"NO", [numLangs]string{"Norwegian", "Noruego", "Norvégien", "ノルウェー語", "Noors", "Norueguês", "Nórsky", "Norska", "นอร์เวย์"}},
	{"O", [numLangs]string{"Open", "Abierta", "Ouvert(e)", "オープン", "Open", "Aberta", "Otvorené", "Öppet", "เปิด"}},
	{"OUT", [numLangs]string{"Outdoor", "Al aire libre", "En plein air", "アウトドア", "Buiten", "Ao ar livre", "Vonkajšie", "Utomhus", "กลางแจ้ง"}},
	{"P", [numLangs]string{"Professionals", "Profesionales", "Professionnels", "職業人", "Professionals", "Profissionais", "Profesionáli", "Professionella", "ผู้ประกอบวิชาชีพ"}},
	{"POA", [numLangs]string{"Proof of Attendance", "Prueba de Asistencia", "Preuve de Présence", "出席証明", "Bewijs van Aanwezigheid", "Comprovante de Presença", "Doklad o účasti", "Närvarobevis", "หลักฐานการเข้าประชุม"}},
	{"POC", [numLangs]string{"People of Color", "Gente de color", "Gens de couleur", "有色人種", "Mensen van kleur", "Pessoas de Côr", "Farební ľudia", "Färgade", "ชนกลุ่มน้อย"}},
	{"POL", [numLangs]string{"Polish", "Polaco", "Polonais", "ポーランド語", "Pools", "Polaco", "Poľské", "Polska", "โปแลนด์"}},
	{"POR", [numLangs]string{"Portuguese", "Portugués", "Portugais", "ポルトガル語", "Portugees", "Português", "Portugalské", "Portugisiska", "โปรตุเกส"}},
	{"PUN", [numLangs]string{"Punjabi", "Punjabi", "Pendjabi", "パンジャブ語", "Punjabi", "Punjabi", "Pandžábske", "Punjabi", "ปัญจาบ"}},
	{"RUS", [numLangs]string{"Russian", "Ruso", "Russe", "ロシア語", "Russisch", "Russo", "Ruské", "Ryska", "รัสเซีย"}},
	{"S", [numLangs]string{"Spanish", "Español", "Espagnol", "スペイン語", "Spaans", "Espanhol", "Španielské", "Spanska", "สเปน"}},
	{"SEN", [numLangs]string{"Seniors", "Personas mayores", "Séniors", "シニア", "Senioren", "Séniores", "Seniori", "Seniorer", "ผู้สูงอายุ"}},
	{"SK", [numLangs]string{"Slovak", "Eslovaco", "Slovaque", "スロバキア語", "Slowaaks", "Eslovaco", "Slovenské", "Slovakiska", "สโลวัก"}},
	{"SL", [numLangs]string{"Slovenian", "Esloveno", "Slovène", "スロベニア語", "Sloveens", "Esloveno", "Slovinské", "Slovenska", "สโลวีเนีย"}},
	{"SM", [numLangs]string{"Smoking Permitted", "Se permite fumar", "Permis de fumer", "喫煙可", "Roken toegestaan", "Permitido Fumar", "Fajčenie povolené", "Rökning Tillåten", "สูบบุหรี่ได"}},
	{"SP", [numLangs]string{"Speaker", "Orador", "Conférencier", "スピーカー", "Spreker", "Partilhador", "Spíker", "Talare", "ผู้พูด"}},
	{"ST", [numLangs]string{"Step Study", "Estudio de pasos", "Sur les Étapes", "ステップ", "Stap studie", "Estudo de Passos", "Štúdium Krokov", "Stegmöte", "การศึกษา 12 ขั้นตอน"}},
	{"SV", [numLangs]string{"Swedish", "Sueco", "Suédois", "スウェーデン語", "Zweeds", "Sueco", "Švédske", "Svenska", "สวีเดน"}},
	{"T", [numLangs]string{"Transgender", "Transgénero", "Transgenre", "トランスジェンダー", "Transgender", "Transgénero", "Transgender", "Transpersoner", "คนข้ามเพศ"}},
	{"TC", [numLangs]string{"Location Temporarily Closed", "Ubicación temporalmente cerrada", "Emplacement temporairement fermé", "一時的休止中", "Locatie tijdelijk gesloten", "Local Temporáriamente Encerrado", "Miesto dočasne zatvorené", "Tillfälligt Stängt", "ปิดชั่วคราว"}},
	{"TH", [numLangs]string{"Thai", "Tailandés", "Thaï", "タイ語", "Thais", "Tailandês", "Thajské", "Thailändska", "ไทย"}},
	{"TL", [numLangs]string{"Tagalog", "Tagalo", "Tagalog", "タガログ語", "Tagalog", "Tagalo", "Tagalské", "Tagalog", "ตากาล็อก"}},
	{"TR", [numLangs]string{"Tradition Study", "Estudio de tradicion", "Étude des Traditions", "伝統", "Traditie Studie", "Estudo de Tradições", "Tradičné štúdium", "Traditionsmöte", "การศึกษา 12 ธรรมเนียม"}},
	{"TUR", [numLangs]string{"Turkish", "Turco", "Turc", "トルコ語", "Turks", "Turco", "Turecký", "Turkiska", "ตุรกี"}},
	{"UK", [numLangs]string{"Ukrainian", "Ucraniano", "Ukrainien", "ウクライナ語", "Oekraïens", "Ucraniano", "Ukrajinské", "Ukrainska", "ยูเครน"}},
	{"W", [numLangs]string{"Women", "Mujeres", "Femmes", "女性", "Vrouwen", "Mulheres", "Ženy", "Kvinnomöte", "ผู้หญิง"}},
	{"X", [numLangs]string{"Wheelchair Access", "Acceso en silla de ruedas", "Accès aux fauteuils roulants", "車いすアクセス", "Toegankelijk voor rolstoelgebruikers", "Acesso a Cadeiras de Rodas", "Prístup pre vozíčkarov", "Handikappanpassat", "รองรับรถเข็น"}},
	{"XB", [numLangs]string{"Wheelchair-Accessible Bathroom", "Baño accesible para sillas de ruedas", "Toilettes accessibles aux fauteuils roulants", "車いす使用者用トイレ", "Rolstoeltoegankelijke badkamer", "WC com Acesso a Cadeiras de Rodas", "Bezbariérová kúpeľňa", "Handikappanpassad WC", "ห้องน้ำสำหรับผู้ใช้รถเข็น"}},
	{"XT", [numLangs]string{"Cross Talk Permitted", "Se permite opinar", "Conversation croisée permise", "クロストーク可能", "Cross-sharen toegestaan", "Prtilhas Cruzadas Permitidas", "Cross Talk povolený", "Kommentarer Tilltåtna", "โต้ตอบได้"}},
	{"Y", [numLangs]string{"Young People", "Gente joven", "Jeunes", "ヤング", "Jongeren", "Jovens", "Mladí ľudia", "Young People", "เยาวชน"}},
}

// naTypeList is the common codes of Narcotics Anonymous meeting lists, in
// English and Spanish.
var naTypeList = [...]typeEntry{
	{"BEG", es("Beginners", "Principiantes")},
	{"BT", es("Basic Text", "Texto Básico")},
	{"C", es("Closed", "Cerrada")},
	{"CAN", es("Candlelight", "A la luz de las velas")},
	{"CPT", es("12 Concepts", "12 Conceptos")},
	{"CW", es("Children Welcome", "Niños bienvenidos")},
	{"DISC", es("Discussion/Participation", "Discusión/Participación")},
	{"GL", es("Gay/Lesbian", "Gay/Lesbiana")},
	{"IP", es("IP Study", "Estudio de folletos (IP)")},
	{"IW", es("It Works Study", "Estudio de «Funciona: cómo y por qué»")},
	{"JFT", es("Just for Today Study", "Estudio de «Sólo por hoy»")},
	{"LC", es("Living Clean", "Vivir limpios")},
	{"LIT", es("Literature Study", "Estudio de literatura")},
	{"M", es("Men", "Hombres")},
	{"MED", es("Meditation", "Meditación")},
	{"NS", es("Non-Smoking", "No fumadores")},
	{"O", es("Open", "Abierta")},
	{"QA", es("Questions & Answers", "Preguntas y respuestas")},
	{"RA", es("Restricted Access", "Acceso restringido")},
	{"SMOK", es("Smoking", "Se permite fumar")},
	{"SPAD", es("A Spiritual Principle a Day", "Un principio espiritual al día")},
	{"SPK", es("Speaker", "Orador")},
	{"STEP", es("Step", "Pasos")},
	{"SWG", es("Step Working Guide Study", "Estudio de la «Guía para trabajar los pasos»")},
	{"TOP", es("Topic", "Tema")},
	{"TRAD", es("Tradition", "Tradiciones")},
	{"VAR", es("Format Varies", "Formato variable")},
	{"W", es("Women", "Mujeres")},
	{"X", es("Wheelchair Accessible", "Acceso en silla de ruedas")},
	{"Y", es("Young People", "Gente joven")},
}

// es returns names in English and Spanish only.
func es(en, es string) [numLangs]string { return [numLangs]string{en, es} }
