"""Relevance test set: what a buyer types, and the GI products that must be in the top 5.

Built on a catalogue with one listing per GI product of the registry data
(catalogue/data/gi_products.csv), so ranking competes against all 629 of them. Includes
typos, alternative names and synonyms. Mean reciprocal rank (MRR) is tracked by
test_relevance.py against a floor that may only rise.
"""

QUERIES: list[tuple[str, str]] = [
    ("darjeeling tea", "Darjeeling Tea"),
    ("darjeling tea", "Darjeeling Tea"),
    ("pochampally ikat", "Pochampalli Ikat"),
    ("pochampalli ikat saree", "Pochampalli Ikat"),
    ("kanchipuram silk", "Kancheepuram Silk"),
    ("kancheepuram silk sari", "Kancheepuram Silk"),
    ("hapus mango", "Alphonso"),
    ("alphonso mangoes", "Alphonso"),
    ("banarasi saree", "Banaras Brocades and Sarees"),
    ("channapatna toys", "Channapatna Toys & Dolls"),
    ("chanapatna wooden toys", "Channapatna Toys & Dolls"),
    ("kondapalli toys", "Kondapalli Bommallu"),
    ("mysore jasmine", "Mysore Malligae"),
    ("pashmina shawl", "Kashmir Pashmina"),
    ("basmati rice", "Basmati"),
    ("rasgulla", "Banglar Rasogolla"),
    ("makhana", "Mithila Makhana"),
    ("kashmiri saffron", "Kashmir Saffron"),
    ("chanderi sari", "Chanderi Sarees"),
    ("madhubani painting", "Madhubani Paintings"),
    ("mysore silk", "Mysore Silk"),
    ("nagpur oranges", "Nagpur Orange"),
    ("kolhapuri chappals", "Kolhapuri Chappal"),
    ("bikaneri bhujia", "Bikaneri Bhujia"),
    ("tirupati laddu", "Tirupathi Laddu"),
    ("blue pottery jaipur", "Blue Pottery of Jaipur"),
    ("kutch embroidery", "Kutch Embroidery"),
    ("muga silk", "Muga Silk of Assam"),
    ("naga mircha chilli", "Naga Mircha"),
    ("aranmula mirror", "Aranmula Kannadi"),
    ("phulkari embroidery", "Phulkari"),
    ("bidri metal craft", "Bidriware"),
    ("gamocha", "Gamosa of Assam"),
    ("banarasi paan", "Banaras Pan (Betel Leaf)"),
    ("hand block printed cotton sanganer", "Sanganeri Hand Block Printing"),
    ("walnut wood carving", "Kashmir Walnut Wood Carving"),
]

# Descriptions of a few GI goods, as a seller would write them (words buyers search for).
DESCRIPTIONS = {
    "Aranmula Kannadi": "Handmade metal mirror cast from a secret alloy in Aranmula, Kerala.",
    "Kashmir Pashmina": "Fine hand-spun pashmina wool shawls and stoles from Kashmir.",
    "Sanganeri Hand Block Printing": "Hand block printed cotton fabrics from Sanganer, Jaipur.",
    "Phulkari": "Hand embroidered Punjabi phulkari dupattas.",
    "Naga Mircha": "One of the hottest chillies, grown in Nagaland.",
    "Banaras Brocades and Sarees": "Silk saris woven with zari brocade in Varanasi.",
    "Kancheepuram Silk": "Pure mulberry silk sarees woven in Kancheepuram.",
    "Channapatna Toys & Dolls": "Lacquered wooden toys turned on a lathe in Channapatna.",
    "Bidriware": "Bidri metal craft: silver inlaid on blackened zinc alloy, from Bidar.",
}
