#!/usr/bin/env python3
"""Generates an archive of bilingual (nl/fr) press releases for batch benchmarks.

    python3 bench/generate.py 1000 /tmp/archive            # 1,000 releases, seed 1
    python3 bench/generate.py 1000 /tmp/archive --seed 7   # another archive
    python3 bench/generate.py 20 /tmp/broken --broken 3     # 3 of them with errors
    python3 bench/generate.py 100 /tmp/photos --photos 8    # each with a camera photo

With --photos K, K camera-sized JPEGs (3000 to 6000 pixels wide, 2 to 8 MB, noisy like a
sensor's output, drawn with Pillow from the seed) are written to ARCHIVE/photos/, and every
release shows one of them (hard-linked into a photos/ folder beside it: a release may only
name files in its own folder or below), as a press release with a press photo does: the case where the
photo, not the text, is most of the work (decoding, downsampling for the PDF and the web).
The releases' text is the same as without the option.

Releases are laid out as ARCHIVE/YYYY/MM/release-NNNNN.toml, as an archive would be. Each has
a title, lead, a quote, two to four sections of two to four paragraphs (some with bullet
lists and section quotes) and a press contact, in Dutch and French: about as long as
examples/persbericht-wilmes.toml (three to five pages sequential). Text is drawn from
sentence pools with a seeded random generator, so the same arguments give the same archive,
and different releases use different words in different orders (the per-word caches see a
realistic vocabulary, not one document again and again).
"""

import argparse
import os
import random

NL = {
    "titles": [
        "België verlengt zijn steun aan de wederopbouw van {place}",
        "Federale regering trekt {amount} miljoen euro uit voor {topic}",
        "Minister stelt nieuw actieplan voor {topic} voor",
        "Akkoord over de hervorming van {topic} bereikt",
        "Bijkomende middelen voor {topic} in {place}",
        "Nieuwe samenwerking met {place} rond {topic}",
    ],
    "topics": [
        "digitale toegankelijkheid", "cyberveiligheid", "de energietransitie",
        "het spoorvervoer", "de ontmijning van landbouwgronden", "humanitaire hulp",
        "het onderwijs", "de kustbescherming", "de gezondheidszorg", "de justitie",
    ],
    "places": ["Irak", "Syrië", "Congo", "de Sahel", "Oekraïne", "Libanon", "Marokko"],
    "sentences": [
        "De federale regering maakt in totaal {amount} miljoen euro vrij voor de programma's van de Verenigde Naties.",
        "Het geld gaat naar de heropbouw van scholen, ziekenhuizen en waterleidingen in de getroffen provincies.",
        "Daarnaast financiert België de opleiding van lokale teams die het werk op termijn zelf kunnen overnemen.",
        "De internationale gemeenschap schat dat de wederopbouw nog jarenlang zal duren.",
        "De minister herhaalde dat er geen eenvoudige oplossing bestaat en dat enkel een politiek proces tot stabiliteit kan leiden.",
        "In de marge van de bijeenkomst had de minister gesprekken met haar Italiaanse, Griekse en Duitse ambtgenoten.",
        "De bijdrage wordt verdeeld over verschillende prioriteiten, met bijzondere aandacht voor kinderen en jongeren.",
        "Volgens de meest recente cijfers zijn er in de regio nog honderdduizenden ontheemden die niet naar huis kunnen terugkeren.",
        "De regering evalueert het programma jaarlijks en publiceert de resultaten op haar website.",
        "Het initiatief sluit aan bij de strategie die de Europese Unie vorig jaar heeft goedgekeurd.",
        "De betrokken federale overheidsdiensten werken daarvoor nauw samen met de gewesten en de gemeenschappen.",
        "Ook de lokale besturen worden van bij het begin bij de uitvoering betrokken.",
        "De minister benadrukte het belang van transparantie en van een degelijke opvolging van de uitgaven.",
        "De tentoonstellingsruimte van het museum wordt tegelijk gerenoveerd en toegankelijk gemaakt voor rolstoelgebruikers.",
        "Het wetsontwerp wordt volgende week in de Kamer van volksvertegenwoordigers besproken.",
        "De maatregel treedt in werking op 1 januari en geldt voor een periode van drie jaar.",
        "Een onafhankelijke commissie zal de resultaten na achttien maanden beoordelen.",
        "De vakbonden en de werkgeversorganisaties werden vooraf geraadpleegd.",
    ],
    "items": [
        "de heropbouw van basisvoorzieningen, met bijzondere aandacht voor onderwijs;",
        "de opleiding van lokale teams;",
        "psychosociale begeleiding van kinderen en jongeren;",
        "een jaarlijkse evaluatie door een onafhankelijke commissie;",
        "steun aan de lokale besturen bij de uitvoering.",
    ],
    "headings": ["Achtergrond", "Financiering", "Uitvoering", "De regio", "Volgende stappen", "Meer informatie"],
    "quotes": [
        "We mogen de mensen die elke dag met de gevolgen leven niet alleen laten. Stabiliteit is geen luxe: het is de voorwaarde voor een duurzame vrede.",
        "Wie vandaag investeert in {topic}, bouwt aan een veiligere samenleving voor morgen.",
        "België blijft een betrouwbare partner. Wat we beloven, maken we ook waar.",
    ],
}

FR = {
    "titles": [
        "La Belgique prolonge son soutien à la reconstruction de {place}",
        "Le gouvernement fédéral dégage {amount} millions d'euros pour {topic}",
        "La ministre présente un nouveau plan d'action pour {topic}",
        "Accord sur la réforme de {topic}",
        "Des moyens supplémentaires pour {topic} en {place}",
        "Nouvelle coopération avec {place} autour de {topic}",
    ],
    "topics": [
        "l'accessibilité numérique", "la cybersécurité", "la transition énergétique",
        "le transport ferroviaire", "le déminage des terres agricoles", "l'aide humanitaire",
        "l'enseignement", "la protection de la côte", "les soins de santé", "la justice",
    ],
    "places": ["Irak", "Syrie", "Congo", "au Sahel", "Ukraine", "Liban", "Maroc"],
    "sentences": [
        "Le gouvernement fédéral libère au total {amount} millions d'euros pour les programmes des Nations unies.",
        "Ces fonds serviront à reconstruire des écoles, des hôpitaux et des réseaux d'eau dans les provinces touchées.",
        "La Belgique finance en outre la formation d'équipes locales qui pourront à terme reprendre le travail.",
        "La communauté internationale estime que la reconstruction prendra encore des années.",
        "La ministre a rappelé qu'il n'existe pas de solution simple et que seul un processus politique peut conduire à la stabilité.",
        "En marge de la réunion, la ministre s'est entretenue avec ses homologues italien, grec et allemand.",
        "La contribution est répartie entre plusieurs priorités, avec une attention particulière pour les enfants et les jeunes.",
        "Selon les chiffres les plus récents, des centaines de milliers de personnes déplacées ne peuvent toujours pas rentrer chez elles.",
        "Le gouvernement évalue le programme chaque année et en publie les résultats sur son site.",
        "L'initiative s'inscrit dans la stratégie adoptée l'an dernier par l'Union européenne.",
        "Les services publics fédéraux concernés collaborent étroitement avec les régions et les communautés.",
        "Les pouvoirs locaux sont associés à la mise en œuvre dès le départ.",
        "La ministre a souligné l'importance de la transparence et d'un suivi rigoureux des dépenses.",
        "La salle d'exposition du musée sera rénovée et rendue accessible aux personnes en fauteuil roulant.",
        "Le projet de loi sera examiné la semaine prochaine à la Chambre des représentants.",
        "La mesure entre en vigueur le 1er janvier et s'applique pour une période de trois ans.",
        "Une commission indépendante en évaluera les résultats après dix-huit mois.",
        "Les syndicats et les organisations patronales ont été consultés au préalable.",
    ],
    "items": [
        "la reconstruction des services de base, avec une attention particulière pour l'enseignement ;",
        "la formation d'équipes locales ;",
        "l'accompagnement psychosocial des enfants et des jeunes ;",
        "une évaluation annuelle par une commission indépendante ;",
        "un soutien aux pouvoirs locaux pour la mise en œuvre.",
    ],
    "headings": ["Contexte", "Financement", "Mise en œuvre", "La région", "Prochaines étapes", "Plus d'informations"],
    "quotes": [
        "Nous ne pouvons pas laisser seules les personnes qui vivent chaque jour avec les conséquences. La stabilité n'est pas un luxe : c'est la condition d'une paix durable.",
        "Investir aujourd'hui dans {topic}, c'est construire une société plus sûre pour demain.",
        "La Belgique reste un partenaire fiable. Ce que nous promettons, nous le faisons.",
    ],
}

SPEAKERS = [
    ("Sophie Wilmès", "vice-eersteminister en minister van Buitenlandse Zaken",
     "vice-Première ministre et ministre des Affaires étrangères"),
    ("Petra De Sutter", "vice-eersteminister en minister van Ambtenarenzaken",
     "vice-Première ministre et ministre de la Fonction publique"),
    ("Vincent Van Quickenborne", "vice-eersteminister en minister van Justitie",
     "vice-Premier ministre et ministre de la Justice"),
]


def toml_str(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def paragraph(rng, pool, fill, n):
    return " ".join(s.format(**fill) for s in rng.sample(pool["sentences"], n))


def language(rng, pool, key, fill, shape):
    out = [f"[{key}]"]
    out.append(f"title = {toml_str(pool['titles'][shape['title']].format(**fill))}")
    out.append(f"lead = {toml_str(paragraph(rng, pool, fill, 2))}")
    out.append("")
    out.append(f"[[{key}.quotes]]")
    out.append(f"text = {toml_str(pool['quotes'][shape['quote']].format(**fill))}")
    for heading, paras, has_list, has_quote in shape["sections"]:
        out.append("")
        out.append(f"[[{key}.sections]]")
        out.append(f"heading = {toml_str(pool['headings'][heading])}")
        body = [paragraph(rng, pool, fill, rng.randint(2, 4)) for _ in range(paras)]
        if has_list:
            body.append("\n".join("- " + i for i in pool["items"][: has_list + 1]))
        out.append('text = """\n' + "\n\n".join(body) + '"""')
        if has_quote is not None:
            out.append("")
            out.append(f"[[{key}.sections.quotes]]")
            out.append(f"text = {toml_str(pool['quotes'][has_quote].format(**fill))}")
    return "\n".join(out)


def release(rng, n, broken):
    year = rng.randint(2015, 2026)
    month = rng.randint(1, 12)
    day = rng.randint(1, 28)
    speaker = SPEAKERS[rng.randrange(len(SPEAKERS))]
    t = rng.randrange(len(NL["topics"]))
    p = rng.randrange(len(NL["places"]))
    amount = rng.randint(2, 90)
    shape = {
        "title": rng.randrange(len(NL["titles"])),
        "quote": rng.randrange(len(NL["quotes"])),
        "sections": [
            (h, rng.randint(2, 4), rng.choice([0, 0, 2, 4]) or False,
             rng.choice([None, None, rng.randrange(3)]))
            for h in sorted(rng.sample(range(len(NL["headings"])), rng.randint(2, 4)))
        ],
    }
    head = [
        f"# Generated by bench/generate.py (release {n}).",
        f"date = {year:04}-{month:02}-{day:02}",
        'languages = ["nl", "fr"]',
        f'reference = "GEN-{year}-{n:05}"',
        'place = { nl = "Brussel", fr = "Bruxelles" }',
        "",
        "[speaker]",
        f"name = {toml_str(speaker[0])}",
        f"role = {{ nl = {toml_str(speaker[1])}, fr = {toml_str(speaker[2])} }}",
        "",
        "[contact]",
        'name = "Annelies Verstraeten"',
        'role = { nl = "woordvoerder", fr = "porte-parole" }',
        'email = "pers@digitaal.example"',
        'phone = "+32 2 501 05 11"',
        "",
    ]
    if broken:
        # A typo'd key and a date that is not one: two located errors.
        head[1] = f"date = {year:04}-{month:02}-{day + 40:02}"
        head.append('lanugage = "nl"')
        head.append("")
    nl = language(rng, NL, "nl", {"topic": NL["topics"][t], "place": NL["places"][p], "amount": amount}, shape)
    fr = language(rng, FR, "fr", {"topic": FR["topics"][t], "place": FR["places"][p], "amount": amount}, shape)
    return year, month, "\n".join(head) + nl + "\n\n" + fr + "\n"


# Widths of the generated camera photos (3:2): a phone's, a compact's, a full-frame's.
PHOTO_WIDTHS = [3000, 4000, 6000]


def camera_photo(rng, width, path):
    """A 3:2 photo-like JPEG: large soft shapes (a scene) under per-pixel noise (a sensor's
    grain), saved at quality 92 with 4:2:0 chroma, as cameras do. Noise matters: a smooth
    drawing compresses tenfold and decodes faster than a photo of the same size."""
    from PIL import Image, ImageDraw, ImageFilter

    w, h = width, width * 2 // 3
    scene = Image.new("RGB", (w // 8, h // 8), tuple(rng.randrange(256) for _ in range(3)))
    d = ImageDraw.Draw(scene)
    for _ in range(40):
        x, y = rng.randrange(w // 8), rng.randrange(h // 8)
        r = rng.randrange(5, w // 24)
        d.ellipse([x - r, y - r, x + r, y + r], fill=tuple(rng.randrange(256) for _ in range(3)))
    scene = scene.filter(ImageFilter.GaussianBlur(3)).resize((w, h), Image.BICUBIC)
    noise = Image.frombytes("RGB", (w, h), rng.randbytes(w * h * 3))
    Image.blend(scene, noise, 0.12).save(path, "JPEG", quality=92, subsampling="4:2:0")


def add_photo(text, photo, n):
    return text + (
        "\n[[photos]]\n"
        f'file = "photos/{photo}"\n'
        f'alt = {{ nl = "Persfoto {n}: de minister bij het bezoek.", fr = "Photo de presse {n} : la ministre lors de la visite." }}\n'
        f'caption = {{ nl = "De minister tijdens het bezoek.", fr = "La ministre pendant la visite." }}\n'
        'credit = "© communique, CC0"\n'
    )


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("count", type=int)
    ap.add_argument("out")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--broken", type=int, default=0, help="how many releases get errors")
    ap.add_argument("--photos", type=int, default=0, help="how many camera photos to share out")
    args = ap.parse_args()
    rng = random.Random(args.seed)
    # A generator of its own, so that the releases' text does not change with --photos.
    photo_rng = random.Random(args.seed + 1_000_003)
    photos = []
    if args.photos:
        os.makedirs(os.path.join(args.out, "photos"), exist_ok=True)
    for k in range(args.photos):
        name = f"photo-{k:02}.jpg"
        camera_photo(photo_rng, PHOTO_WIDTHS[k % len(PHOTO_WIDTHS)], os.path.join(args.out, "photos", name))
        photos.append(name)
    broken = set(rng.sample(range(args.count), min(args.broken, args.count)))
    for n in range(args.count):
        year, month, text = release(rng, n, n in broken)
        folder = os.path.join(args.out, f"{year:04}", f"{month:02}")
        os.makedirs(folder, exist_ok=True)
        if photos:
            photo = photos[photo_rng.randrange(len(photos))]
            text = add_photo(text, photo, n)
            link = os.path.join(folder, "photos", photo)
            if not os.path.exists(link):
                os.makedirs(os.path.dirname(link), exist_ok=True)
                os.link(os.path.join(args.out, "photos", photo), link)
        with open(os.path.join(folder, f"release-{n:05}.toml"), "w", encoding="utf-8") as f:
            f.write(text)


if __name__ == "__main__":
    main()
