"""Language detection: the fast path agrees with langdetect, credit lines are never flagged."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import langdetect
import pytest
from langdetect.detector_factory import DetectorFactory

from provlens.analysers import language
from provlens.analysers.language import (
    MOSTLY_NAMES,
    TOO_SHORT,
    count,
    detect_languages,
    judge,
    load_detector_factory,
    load_rules,
    parse_rules,
    settle,
    too_short,
)
from provlens.document import from_text
from provlens.errors import DataFileError

COMMON = ("en", "es", "pt", "fr", "it", "de")

# (language, paragraph): news paragraphs written for these tests. langdetect has no Galician
# profile, so the gl rows only check that the fast path leaves them alone.
PARAGRAPHS = [
    ("en", "The city council voted on Tuesday to delay the new housing plan until the spring, after "
           "residents complained that they had not been consulted about the height of the buildings."),
    ("en", "Officials said the bridge would remain closed to heavy traffic for at least two more weeks "
           "while engineers inspect the damage caused by the flood."),
    ("en", "“We are not going to accept a deal that leaves our workers worse off,” the union leader told "
           "reporters outside the ministry, adding that a strike was still possible."),
    ("en", "Prices for fresh vegetables have risen by almost a third since January, according to figures "
           "published by the statistics office, which blamed the drought and higher fuel costs."),
    ("en", "The company, which employs about 4,000 people in the region, said it expected sales to recover "
           "in the second half of the year as demand from Asia picks up."),
    ("en", "Police have asked anyone who was in the area of the station between midnight and two in the "
           "morning to come forward with information."),
    ("en", "In a statement, the foreign ministry said the ambassador had been summoned to explain remarks "
           "that were described as unacceptable interference in the country's internal affairs."),
    ("en", "Scientists warned that the glacier is melting faster than previously thought and that the lake "
           "below it could burst its banks within the next decade."),
    ("en", "The two leaders discussed trade, energy and security during a meeting that lasted more than "
           "three hours, and agreed to meet again before the end of the year."),
    ("en", "Schools will reopen next week, but pupils and teachers must wear masks in corridors and "
           "classrooms where distancing is not possible, the education minister announced."),
    ("en", "He was arrested at his home in the early hours and is expected to appear in court on Monday."),
    ("en", "The banner read “¡No pasarán!” as protesters gathered outside the embassy on Friday evening, "
           "where police had set up metal barriers."),
    ("en", "Maduro met Putin, Borisov, Padrino and Rodríguez in Caracas to review the agreements signed in "
           "Moscow last year."),
    ("en", "“No vamos a retroceder,” the union spokesman said in Spanish, before calling a new strike for "
           "next Monday across the whole country."),
    ("es", "El Gobierno anunció este martes un nuevo paquete de medidas para contener el precio de los "
           "alimentos, que han subido casi un veinte por ciento en lo que va del año."),
    ("es", "Según los datos del instituto de estadística, el desempleo bajó en marzo por tercer mes "
           "consecutivo, aunque sigue siendo más alto entre los jóvenes y las mujeres."),
    ("es", "“No vamos a permitir que se cierren las escuelas rurales”, afirmó la ministra de Educación "
           "durante una visita a la provincia, donde fue recibida por maestros y padres de familia."),
    ("es", "Las lluvias de los últimos días provocaron inundaciones en varios barrios de la capital y "
           "obligaron a evacuar a más de trescientas familias, informaron las autoridades locales."),
    ("es", "El presidente se reunió con los gobernadores para discutir el plan de seguridad y les pidió "
           "mayor coordinación con las fuerzas armadas en las zonas fronterizas."),
    ("es", "La empresa estatal de petróleo firmó un acuerdo con una compañía rusa para aumentar la "
           "producción en los campos del oriente del país durante los próximos cinco años."),
    ("es", "Miles de personas marcharon el domingo por el centro de la ciudad para exigir justicia por las "
           "víctimas y pedir la renuncia del jefe de la policía."),
    ("es", "Los médicos del hospital denunciaron que faltan medicamentos básicos y que muchos pacientes "
           "deben comprar sus propios insumos para poder ser atendidos."),
    ("es", "El tribunal rechazó el recurso presentado por la defensa y confirmó la condena de ocho años de "
           "prisión contra el exalcalde por delitos de corrupción."),
    ("es", "La selección nacional ganó su último partido de la fase de grupos y se clasificó para los "
           "cuartos de final, donde se enfrentará al campeón vigente."),
    ("es", "Hasta el momento no se ha informado sobre heridos, pero los bomberos siguen trabajando en la "
           "zona."),
    ("es", "La cantante británica Adele publicó su nuevo disco, que según la crítica es el más personal de "
           "su carrera y ya encabeza las listas de ventas."),
    ("es", "“We will not back down”, dijo el portavoz del sindicato, que convocó una nueva huelga para el "
           "próximo lunes en todo el país."),
    ("pt", "O governo anunciou nesta terça-feira um novo pacote de medidas para conter o preço dos "
           "alimentos, que subiram quase vinte por cento desde o início do ano."),
    ("pt", "Segundo dados do instituto de estatística, o desemprego caiu em março pelo terceiro mês "
           "seguido, mas continua mais alto entre os jovens e as mulheres."),
    ("pt", "“Não vamos permitir que as escolas rurais sejam fechadas”, afirmou a ministra da Educação "
           "durante uma visita ao estado, onde foi recebida por professores e pais de alunos."),
    ("pt", "As chuvas dos últimos dias provocaram enchentes em vários bairros da capital e obrigaram mais "
           "de trezentas famílias a deixar suas casas, informaram as autoridades."),
    ("pt", "O presidente reuniu-se com os governadores para discutir o plano de segurança e pediu maior "
           "coordenação com as forças armadas nas regiões de fronteira."),
    ("pt", "A empresa estatal de petróleo assinou um acordo com uma companhia chinesa para aumentar a "
           "produção nos campos do litoral nos próximos cinco anos."),
    ("pt", "Milhares de pessoas marcharam no domingo pelo centro da cidade para exigir justiça pelas "
           "vítimas e pedir a demissão do chefe da polícia."),
    ("pt", "Os médicos do hospital denunciaram a falta de remédios básicos e disseram que muitos pacientes "
           "precisam comprar os próprios materiais para serem atendidos."),
    ("pt", "O tribunal rejeitou o recurso apresentado pela defesa e confirmou a condenação de oito anos de "
           "prisão do ex-prefeito por crimes de corrupção."),
    ("pt", "A seleção venceu a última partida da fase de grupos e garantiu uma vaga nas quartas de final, "
           "quando vai enfrentar o atual campeão."),
    ("pt", "Até agora não há informações sobre feridos, mas os bombeiros ainda trabalham no local."),
    ("fr", "Le gouvernement a annoncé mardi un nouveau paquet de mesures pour contenir la hausse des prix "
           "alimentaires, qui ont augmenté de près de vingt pour cent depuis le début de l'année."),
    ("fr", "Selon les chiffres de l'institut de la statistique, le chômage a reculé en mars pour le "
           "troisième mois consécutif, mais il reste plus élevé chez les jeunes et les femmes."),
    ("fr", "« Nous ne laisserons pas fermer les écoles rurales », a déclaré la ministre de l'Éducation lors "
           "d'une visite dans la région, où elle a été accueillie par des enseignants et des parents."),
    ("fr", "Les pluies des derniers jours ont provoqué des inondations dans plusieurs quartiers de la "
           "capitale et obligé plus de trois cents familles à quitter leur logement."),
    ("fr", "Le président a réuni les préfets pour discuter du plan de sécurité et leur a demandé une "
           "meilleure coordination avec l'armée dans les zones frontalières."),
    ("fr", "La compagnie pétrolière publique a signé un accord avec une entreprise norvégienne afin "
           "d'augmenter la production de ses gisements au large des côtes au cours des cinq prochaines "
           "années."),
    ("fr", "Des milliers de personnes ont défilé dimanche dans le centre-ville pour réclamer justice pour "
           "les victimes et demander la démission du chef de la police."),
    ("fr", "Les médecins de l'hôpital dénoncent le manque de médicaments de base et affirment que de "
           "nombreux patients doivent acheter eux-mêmes leur matériel pour être soignés."),
    ("fr", "Le tribunal a rejeté le recours de la défense et confirmé la condamnation de l'ancien maire à "
           "huit ans de prison pour corruption."),
    ("fr", "L'équipe nationale a remporté son dernier match de poule et s'est qualifiée pour les quarts de "
           "finale, où elle affrontera le tenant du titre."),
    ("fr", "Aucun blessé n'a été signalé pour le moment, mais les pompiers sont toujours sur place."),
    ("it", "Il governo ha annunciato martedì un nuovo pacchetto di misure per contenere l'aumento dei "
           "prezzi dei generi alimentari, cresciuti di quasi il venti per cento dall'inizio dell'anno."),
    ("it", "Secondo i dati dell'istituto di statistica, la disoccupazione è scesa a marzo per il terzo mese "
           "consecutivo, ma resta più alta tra i giovani e le donne."),
    ("it", "«Non permetteremo che le scuole di montagna vengano chiuse», ha dichiarato la ministra "
           "dell'Istruzione durante una visita nella regione, dove è stata accolta da insegnanti e "
           "genitori."),
    ("it", "Le piogge degli ultimi giorni hanno provocato allagamenti in diversi quartieri della capitale e "
           "costretto più di trecento famiglie a lasciare le loro case."),
    ("it", "Il presidente ha incontrato i governatori per discutere il piano di sicurezza e ha chiesto un "
           "maggiore coordinamento con le forze armate nelle zone di confine."),
    ("it", "La compagnia petrolifera statale ha firmato un accordo con un'azienda norvegese per aumentare "
           "la produzione dei giacimenti al largo delle coste nei prossimi cinque anni."),
    ("it", "Migliaia di persone hanno sfilato domenica nel centro della città per chiedere giustizia per le "
           "vittime e le dimissioni del capo della polizia."),
    ("it", "I medici dell'ospedale denunciano la mancanza di farmaci di base e affermano che molti pazienti "
           "devono comprare da soli il materiale per essere curati."),
    ("it", "Il tribunale ha respinto il ricorso della difesa e ha confermato la condanna a otto anni di "
           "carcere per l'ex sindaco, accusato di corruzione."),
    ("it", "La nazionale ha vinto l'ultima partita del girone e si è qualificata per i quarti di finale, "
           "dove affronterà i campioni in carica."),
    ("it", "Per il momento non si segnalano feriti, ma i vigili del fuoco sono ancora sul posto."),
    ("de", "Die Regierung hat am Dienstag ein neues Maßnahmenpaket angekündigt, um den Anstieg der "
           "Lebensmittelpreise zu bremsen, die seit Jahresbeginn um fast zwanzig Prozent gestiegen sind."),
    ("de", "Nach Angaben des Statistikamts ist die Arbeitslosigkeit im März den dritten Monat in Folge "
           "gesunken, sie bleibt aber bei jungen Menschen und Frauen höher."),
    ("de", "„Wir werden nicht zulassen, dass die Schulen auf dem Land geschlossen werden“, sagte die "
           "Bildungsministerin bei einem Besuch in der Region, wo sie von Lehrern und Eltern empfangen "
           "wurde."),
    ("de", "Die Regenfälle der vergangenen Tage haben in mehreren Stadtteilen der Hauptstadt "
           "Überschwemmungen verursacht und mehr als dreihundert Familien gezwungen, ihre Häuser zu "
           "verlassen."),
    ("de", "Der Präsident traf sich mit den Gouverneuren, um den Sicherheitsplan zu besprechen, und "
           "forderte eine bessere Abstimmung mit den Streitkräften in den Grenzgebieten."),
    ("de", "Der staatliche Ölkonzern hat mit einem norwegischen Unternehmen einen Vertrag unterzeichnet, um "
           "die Förderung vor der Küste in den nächsten fünf Jahren zu steigern."),
    ("de", "Tausende Menschen zogen am Sonntag durch die Innenstadt, um Gerechtigkeit für die Opfer und den "
           "Rücktritt des Polizeichefs zu fordern."),
    ("de", "Die Ärzte des Krankenhauses beklagen einen Mangel an einfachen Medikamenten und sagen, dass "
           "viele Patienten ihr Material selbst kaufen müssen, um behandelt zu werden."),
    ("de", "Das Gericht wies die Berufung der Verteidigung zurück und bestätigte die Haftstrafe von acht "
           "Jahren für den früheren Bürgermeister wegen Korruption."),
    ("de", "Die Nationalmannschaft gewann ihr letztes Gruppenspiel und zog ins Viertelfinale ein, wo sie "
           "auf den Titelverteidiger trifft."),
    ("de", "Über Verletzte ist bisher nichts bekannt, die Feuerwehr ist aber noch vor Ort."),
    ("de", "„Wir haben keine Angst“, sagte der Bürgermeister am Abend vor dem Rathaus, wo sich mehrere "
           "hundert Menschen versammelt hatten."),
    ("ca", "El Govern ha anunciat aquest dimarts un nou paquet de mesures per contenir el preu dels "
           "aliments, que han pujat gairebé un vint per cent des de l'inici de l'any."),
    ("ca", "Milers de persones es van manifestar diumenge pel centre de la ciutat per reclamar justícia per "
           "a les víctimes i demanar la dimissió del cap de la policia."),
    ("ca", "Els metges de l'hospital denuncien que falten medicaments bàsics i que molts pacients han de "
           "comprar el seu propi material per poder ser atesos."),
    ("nl", "De regering heeft dinsdag een nieuw pakket maatregelen aangekondigd om de stijging van de "
           "voedselprijzen af te remmen, die sinds het begin van het jaar met bijna twintig procent zijn "
           "gestegen."),
    ("nl", "Duizenden mensen trokken zondag door het centrum van de stad om gerechtigheid voor de "
           "slachtoffers en het ontslag van de politiechef te eisen."),
    ("nl", "Volgens de cijfers van het statistiekbureau is de werkloosheid in maart voor de derde maand op "
           "rij gedaald, maar bij jongeren en vrouwen blijft die hoger."),
    ("ro", "Guvernul a anunțat marți un nou pachet de măsuri pentru a limita creșterea prețurilor la "
           "alimente, care au urcat cu aproape douăzeci la sută de la începutul anului."),
    ("ro", "Mii de oameni au mărșăluit duminică prin centrul orașului pentru a cere dreptate pentru victime "
           "și demisia șefului poliției."),
    ("gl", "O Goberno anunciou este martes un novo paquete de medidas para conter o prezo dos alimentos, "
           "que subiron case un vinte por cento desde o comezo do ano."),
    ("gl", "Miles de persoas manifestáronse o domingo polo centro da cidade para reclamar xustiza para as "
           "vítimas e pedir a dimisión do xefe da policía."),
    ("pl", "Rząd ogłosił we wtorek nowy pakiet środków, które mają powstrzymać wzrost cen żywności, które "
           "od początku roku wzrosły o prawie dwadzieścia procent."),
    ("pl", "Tysiące ludzi przeszły w niedzielę ulicami centrum miasta, domagając się sprawiedliwości dla "
           "ofiar i dymisji komendanta policji."),
    ("pl", "Minister finansów powiedział w środę, że rząd nie planuje podnoszenia podatków, ale nie "
           "wyklucza zmian w systemie dopłat do energii, które mają obowiązywać do końca roku. Do tego "
           "czasu ceny prądu dla gospodarstw domowych pozostaną zamrożone, a o dalszych krokach zdecyduje "
           "parlament."),
    ("sv", "Regeringen presenterade på tisdagen ett nytt paket med åtgärder för att bromsa de stigande "
           "matpriserna, som har ökat med nästan tjugo procent sedan årets början."),
    ("sv", "Tusentals människor demonstrerade på söndagen i stadens centrum för att kräva rättvisa för "
           "offren och polischefens avgång."),
    ("ru", "Правительство во вторник объявило о новом пакете мер, призванных сдержать рост цен на продукты "
           "питания, которые с начала года выросли почти на двадцать процентов."),
    ("ru", "Тысячи людей прошли в воскресенье по центру города, требуя справедливости для жертв и отставки "
           "начальника полиции."),
    ("tr", "Hükümet salı günü gıda fiyatlarındaki artışı frenlemek için yeni bir tedbir paketi açıkladı; "
           "fiyatlar yılbaşından bu yana yaklaşık yüzde yirmi arttı."),
    ("id", "Pemerintah pada hari Selasa mengumumkan paket kebijakan baru untuk menahan kenaikan harga "
           "pangan yang telah naik hampir dua puluh persen sejak awal tahun."),
    ("cs", "Vláda v úterý oznámila nový balík opatření, který má zbrzdit růst cen potravin. Ty se od "
           "začátku roku zvýšily téměř o dvacet procent, uvedl ve středu statistický úřad."),
    ("hr", "Vlada je u utorak najavila novi paket mjera kojima se želi zaustaviti rast cijena hrane, koje "
           "su od početka godine porasle za gotovo dvadeset posto, a ministar je rekao da će pomoći i "
           "obiteljima."),
    ("hu", "A kormány kedden új intézkedéscsomagot jelentett be, amely az élelmiszerárak emelkedését "
           "hivatott megfékezni, miután az árak az év eleje óta csaknem húsz százalékkal nőttek."),
    ("fi", "Hallitus ilmoitti tiistaina uudesta toimenpidepaketista, jolla on tarkoitus hillitä ruoan "
           "hintojen nousua, sillä hinnat ovat nousseet vuoden alusta lähes kaksikymmentä prosenttia."),
    ("et", "Valitsus teatas teisipäeval uuest meetmete paketist, mis peaks pidurdama toiduainete "
           "hinnatõusu, sest hinnad on aasta algusest tõusnud peaaegu kakskümmend protsenti ja see on "
           "palju."),
    ("sw", "Serikali ilitangaza siku ya Jumanne kifurushi kipya cha hatua za kudhibiti kupanda kwa bei ya "
           "vyakula, ambayo imepanda kwa karibu asilimia ishirini tangu mwanzo wa mwaka na wananchi wengi "
           "wanalalamika."),
    ("tl", "Inanunsyo ng pamahalaan noong Martes ang isang bagong pakete ng mga hakbang upang mapigilan ang "
           "pagtaas ng presyo ng pagkain, na tumaas ng halos dalawampung porsiyento mula sa simula ng taon."),
    ("sq", "Qeveria njoftoi të martën një paketë të re masash për të frenuar rritjen e çmimeve të "
           "ushqimeve, të cilat janë rritur me gati njëzet për qind që nga fillimi i vitit."),
    ("vi", "Chính phủ hôm thứ Ba đã công bố một gói biện pháp mới nhằm kiềm chế đà tăng giá lương thực, vốn "
           "đã tăng gần hai mươi phần trăm kể từ đầu năm."),
    ("da", "Regeringen præsenterede tirsdag en ny pakke af tiltag, der skal bremse de stigende "
           "fødevarepriser, som er steget med næsten tyve procent siden årets begyndelse."),
    ("no", "Regjeringen la tirsdag fram en ny pakke med tiltak som skal bremse de økende matprisene, som "
           "har steget med nesten tjue prosent siden starten av året."),
    ("af", "Die regering het Dinsdag ’n nuwe pakket maatreëls aangekondig om die styging in voedselpryse te "
           "beperk, wat sedert die begin van die jaar met byna twintig persent gestyg het."),
    ("lt", "Vyriausybė antradienį paskelbė naują priemonių paketą, kuriuo siekiama pažaboti maisto kainų "
           "augimą, nes nuo metų pradžios kainos išaugo beveik dvidešimt procentų."),
]

CREDIT_LINES = [
    ("(Alba Ciudad)", TOO_SHORT),
    ("OT/JRE/SL", TOO_SHORT),
    ("Translation: Orinoco Tribune", TOO_SHORT),
    ("Photo: Zurimar Campos (Presidential Press)", TOO_SHORT),
    ("Traducción: Voces del Sur", TOO_SHORT),
    ("Foto: EFE/Juan Pérez", TOO_SHORT),
    ("(Prensa Latina)", TOO_SHORT),
    ("Zurimar Campos, Nicolás Maduro López, Yuri Borisov, Vladimir Padrino, Delcy Rodríguez", MOSTLY_NAMES),
    ("Photo: Zurimar Campos / Presidential Press / Prensa Presidencial de Venezuela", MOSTLY_NAMES),
]


def article(lang: str) -> str:
    """The table's paragraphs in one language, as one article."""
    return "\n\n".join(p for code, p in PARAGRAPHS if code == lang)


def fast_answer(text: str) -> str | None:
    """What the fast path says about a paragraph, or None when it would not settle it."""
    rules = load_rules()
    stats = count(text, rules)
    if too_short(stats, rules.settings):
        return None
    verdict = settle(stats, rules)
    return verdict.language if verdict else None


@pytest.fixture
def seeded_langdetect(monkeypatch):
    """langdetect's own API, seeded the way the project seeds it."""
    monkeypatch.setattr(DetectorFactory, "seed", 0)
    return langdetect.detect


# --------------------------------------------------------------------------------------------
# The fast path against langdetect


@pytest.mark.parametrize(("lang", "text"), PARAGRAPHS, ids=[f"{i}-{row[0]}" for i, row in enumerate(PARAGRAPHS)])
def test_fast_path_agrees_with_langdetect(lang, text, seeded_langdetect):
    """Wherever the fast path settles a paragraph, langdetect gives the same language."""
    answer = fast_answer(text)
    if answer is not None:
        assert answer == seeded_langdetect(text)


def test_fast_path_settles_most_common_language_paragraphs(seeded_langdetect):
    """The fast path settles nearly every paragraph in the six languages, and never another one."""
    settled = [(lang, fast_answer(text)) for lang, text in PARAGRAPHS]
    common = [answer for lang, answer in settled if lang in COMMON]
    assert sum(a is not None for a in common) >= 0.95 * len(common)
    assert all(answer is None for lang, answer in settled if lang not in COMMON)


def test_own_detector_gives_langdetects_answers(seeded_langdetect):
    """The sorted, seeded profile set answers exactly as langdetect's own detect() does."""
    rows = [(text, seeded_langdetect(text)) for lang, text in PARAGRAPHS]
    assert [language.ask_langdetect(text).language for text, _ in rows] == [answer for _, answer in rows]


def test_langdetect_is_right_on_every_full_paragraph(seeded_langdetect):
    """The table's labels are right: langdetect agrees with each (bar Galician, which it lacks)."""
    wrong = [(lang, text) for lang, text in PARAGRAPHS if lang != "gl" and seeded_langdetect(text) != lang]
    assert wrong == []


def test_threshold_is_where_langdetect_becomes_reliable():
    """Fragments long enough to judge are nearly always right; three-word ones often are not."""
    rules = load_rules()
    judged, tiny = [], []
    for lang, text in PARAGRAPHS:
        if lang == "gl":
            continue
        words = text.split()
        for start in range(0, len(words) - 3, 6):
            tiny.append((lang, " ".join(words[start:start + 3])))
            for size in (6, 8):
                fragment = " ".join(words[start:start + size])
                if not too_short(count(fragment, rules), rules.settings):
                    judged.append((lang, fragment))
    right = sum(language.ask_langdetect(fragment).language == lang for lang, fragment in judged)
    tiny_right = sum(language.ask_langdetect(fragment).language == lang for lang, fragment in tiny)
    assert len(judged) > 200
    assert right / len(judged) >= 0.98
    assert tiny_right / len(tiny) < 0.9


# --------------------------------------------------------------------------------------------
# The analyser


@pytest.mark.parametrize(("line", "note"), CREDIT_LINES)
def test_credit_lines_are_not_judged(line, note):
    """Credit lines and tags get no language and a note, so they are never flagged."""
    doc = from_text(article("en") + "\n\n" + line)
    last = detect_languages(doc).paragraphs[-1]
    assert doc.text[last.start:last.end] == line
    assert (last.language, last.note, last.possibly_untranslated) == (None, note, False)


def test_reference_article(reference_path):
    """The reference article is English; its credit lines are not judged and nothing is flagged."""
    doc = from_text(reference_path.read_text(encoding="utf-8"))
    report = detect_languages(doc)
    assert report.document == "en"
    assert not any(p.possibly_untranslated for p in report.paragraphs)
    unjudged = [doc.text[p.start:p.end] for p in report.paragraphs if p.language is None]
    assert unjudged[-3:] == ["(Alba Ciudad)", "Translation: Orinoco Tribune", "OT/JRE/SL"]


@pytest.mark.parametrize(
    ("document", "inserted", "expected"),
    [
        ("en", "es", "es"),
        ("es", "en", "en"),
        ("fr", "de", "de"),
        ("es", "ca", "ca"),
        ("pt", "es", "es"),
        ("it", "ro", "ro"),
    ],
)
def test_paragraph_in_another_language_is_flagged(document, inserted, expected):
    """One paragraph in another language is flagged; the rest of the article is not."""
    stranger = next(text for lang, text in PARAGRAPHS if lang == inserted)
    doc = from_text(article(document) + "\n\n" + stranger)
    report = detect_languages(doc)
    assert report.document == document
    flagged = [(doc.text[p.start:p.end], p.language) for p in report.paragraphs if p.possibly_untranslated]
    assert flagged == [(stranger, expected)]


@pytest.mark.parametrize("lang", ["ru", "pl", "sv", "ca"])
def test_article_in_another_language(lang):
    """An article outside the six languages is judged by langdetect, paragraphs included."""
    report = detect_languages(from_text(article(lang)))
    assert report.document == lang
    assert all(p.language == lang and not p.possibly_untranslated for p in report.paragraphs)


@pytest.mark.parametrize("lang", COMMON)
def test_common_language_article_never_calls_langdetect(lang, monkeypatch):
    """An ordinary article in one of the six languages is settled without langdetect."""
    def refuse(text):
        raise AssertionError(f"langdetect called on {text[:40]!r}")

    monkeypatch.setattr(language, "ask_langdetect", refuse)
    paragraphs = [text for code, text in PARAGRAPHS if code == lang and fast_answer(text) == lang]
    report = detect_languages(from_text("\n\n".join(paragraphs)))
    assert report.document == lang
    assert {p.language for p in report.paragraphs} == {lang}


def test_offsets_are_the_documents_paragraphs():
    """Each row points at one body paragraph, in order."""
    doc = from_text("title A headline\n\n" + article("it"))
    report = detect_languages(doc)
    assert [(p.start, p.end) for p in report.paragraphs] == list(doc.paragraphs)


def test_empty_body():
    """A document with header lines only has no language and no paragraphs."""
    report = detect_languages(from_text("title Something\nurl https://example.org/a"))
    assert (report.document, report.confidence, report.paragraphs) == (None, 0.0, [])


def test_short_document_is_not_judged():
    """A body too short to judge leaves the document's language unknown."""
    report = detect_languages(from_text("Photo: EFE"))
    assert report.document is None
    assert report.paragraphs[0].note == TOO_SHORT


# --------------------------------------------------------------------------------------------
# Determinism and loading


_RUN = """
import json, sys
from provlens.analysers.language import detect_languages
from provlens.document import from_text
print(json.dumps([detect_languages(from_text(t)).model_dump() for t in json.load(sys.stdin)]))
"""


def test_same_answers_in_every_process():
    """Two fresh processes with different hash seeds give identical reports, confidences included."""
    texts = [article("ca"), article("gl"), article("en") + "\n\n" + article("ro"), article("pt")]
    outputs = []
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run([sys.executable, "-c", _RUN], input=json.dumps(texts), env=env,
                              capture_output=True, text=True, check=True)
        outputs.append(done.stdout)
    assert outputs[0] == outputs[1]
    here = [detect_languages(from_text(t)).model_dump() for t in texts]
    assert json.loads(outputs[0]) == here


def test_profiles_load_once_and_leave_langdetect_alone():
    """One factory per process, seeded on the instance; langdetect's class default is untouched."""
    assert load_detector_factory() is load_detector_factory()
    assert load_detector_factory().seed == 0
    assert DetectorFactory.seed is None
    assert len(load_detector_factory().get_lang_list()) == 55


def test_repeated_calls_give_the_same_answer():
    """The detector is reseeded on every call, so call order does not matter."""
    text = next(text for lang, text in PARAGRAPHS if lang == "gl")
    first = language.ask_langdetect(text)
    language.ask_langdetect(article("ru"))
    assert language.ask_langdetect(text) == first


# --------------------------------------------------------------------------------------------
# The data file


@pytest.mark.parametrize("entry", load_rules().lists, ids=lambda e: e.code)
def test_data_file_examples(entry):
    """Each list's example is settled as its language, or left to langdetect for the others."""
    verdict = settle(count(entry.example, load_rules()), load_rules())
    assert (verdict.language if verdict else None) == (entry.code if entry.settles else None)


def test_example_sentences_reach_langdetect_when_not_settled():
    """Examples of the other languages go through judge() to langdetect, not to a wrong guess."""
    rules = load_rules()
    for entry in rules.lists:
        if not entry.settles:
            assert judge(entry.example, count(entry.example, rules), rules).language is not None


def _raw(**changes):
    """A minimal valid data file, with changes."""
    raw = {
        "settings": {"min_words": 6, "min_letters": 40, "max_capitalised_share": 0.6,
                     "min_hits": 3, "min_share": 0.1, "min_ratio": 3.0, "min_words_without_hits": 15},
        "language": [
            {"code": "en", "name": "English", "settles": True, "words": "the and", "example": "the"},
            {"code": "es", "name": "Spanish", "settles": True, "words": "el los", "example": "el"},
        ],
    }
    raw.update(changes)
    return raw


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (_raw(settings={}), "needs numbers"),
        (_raw(language=[{"code": "en", "name": "English", "settles": True, "words": "the", "example": "x"},
                        {"code": "es", "name": "Spanish", "settles": True, "words": "the", "example": "x"}]),
         "in both the en and es lists"),
        (_raw(language=[{"code": "en", "name": "English", "settles": True, "words": "The", "example": "x"}]),
         "never yields"),
        (_raw(language=[{"code": "en", "name": "English", "settles": "yes", "words": "the", "example": "x"}]),
         "needs settles"),
        (_raw(language=[{"code": "nl", "name": "Dutch", "settles": False, "words": "het", "example": "x"}]),
         "settles = true"),
    ],
)
def test_data_file_errors(raw, message):
    """A broken data file is a DataFileError that says what is wrong."""
    with pytest.raises(DataFileError, match=message):
        parse_rules(raw)


def test_bundled_data_file_is_valid():
    """The shipped data file parses, and its six settling languages are the common ones."""
    rules = load_rules()
    assert tuple(e.code for e in rules.lists if e.settles) == COMMON
