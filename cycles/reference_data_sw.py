"""The cycles' reference content in Kiswahili, beside the English of `cycles.reference_data`.

Written as an extension officer would explain it to a group manager of a Kenyan co-operative: plain words, the
usual terms of co-operatives and certification, not word-for-word. Keys are the codes of the English rows; a
migration (`cycles/migrations/0017_translations.py`) fills them in where the English is still as shipped, so
that a phase or criterion a coordinator has already reworded is not given a translation of the old words.
"""

from typing import Final

# phase code: (name, description)
PHASES_SW: Final[dict[str, tuple[str, str]]] = {
    "preconditions": (
        "Masharti ya awali",
        "Je, kikundi kiko tayari kuanza? Majaribio yalionyesha kwamba kikundi kinachoanza bila mambo haya "
        "hushindwa baadaye, kwa hiyo hatua hii ni ya kweli.",
    ),
    "planning-1": (
        "Awamu ya mipango 1: hali ya mwanzo na uchaguzi",
        "Kikundi kinachagua kiwango (au viwango) cha kulenga pamoja na mnunuzi wake, kinakamilisha daftari la "
        "wanachama na kupima kinapoanzia.",
    ),
    "planning-2": (
        "Awamu ya mipango 2: kujenga mfumo",
        "Kikundi kinajenga mfumo wake wa udhibiti wa ndani (ICS) na kuuendesha mara moja kwa kila mwanachama.",
    ),
    "initial-certificate": (
        "Cheti cha kwanza",
        "Shirika la uthibitisho linakagua kikundi; kasoro zilizopatikana zinarekebishwa; cheti kinatolewa.",
    ),
    "autonomous": (
        "Kujisimamia na kuboresha kila mara",
        "Mzunguko wa kila mwaka ambao kikundi kinaendesha chenyewe: tathmini ya uongozi, mpango uliosasishwa, "
        "ukaguzi wa ndani wa kila mwanachama, ukaguzi wa nje na kufanya upya cheti.",
    ),
}

# phase code: {criterion code: (text, guidance)}
CRITERIA_SW: Final[dict[str, dict[str, tuple[str, str]]]] = {
    "preconditions": {
        "governed-organisation": (
            "Kikundi kina uongozi: kimesajiliwa au kiko katika usajili, kina viongozi waliochaguliwa na mkutano "
            "wa wanachama katika miezi 12 iliyopita.",
            "Cheti cha usajili au ombi la usajili; kumbukumbu za mkutano wa mwisho wa wanachama pamoja na "
            "uchaguzi wa viongozi.",
        ),
        "members-committed": (
            "Wanachama wamekubaliana kufanya kazi pamoja kuelekea uthibitisho.",
            "Azimio la mkutano wa wanachama, au ahadi zilizotiwa sahihi na wanachama wengi.",
        ),
        "buyer-interested": (
            "Mnunuzi amesema kwa maandishi kwamba anataka mazao yaliyothibitishwa ya kikundi.",
            "Barua ya nia, makubaliano ya maelewano (MoU) au rasimu ya mkataba.",
        ),
        "support-assigned": (
            "Afisa wa nyanjani au mkufunzi amepangiwa kikundi.",
            "Inasomwa kutoka kwenye orodha ya vikundi vya maafisa wa nyanjani.",
        ),
        "cost-covered": (
            "Gharama ya uthibitisho imelipwa au inagawanywa (kikundi, mnunuzi, mfadhili).",
            "Bajeti inayoonyesha sehemu ambayo kila upande unalipa, au ahadi ya mfadhili.",
        ),
        "basic-member-list": (
            "Kuna orodha ya msingi ya wanachama.",
            "Angalau idadi iliyowekwa ya wanachama katika daftari.",
        ),
    },
    "planning-1": {
        "standards-chosen": (
            "Kiwango (au viwango) cha kulenga kimechaguliwa pamoja na mnunuzi.",
            "Angalau kiwango kimoja kilichochaguliwa kimeandikwa kwa kikundi.",
        ),
        "register-complete": (
            "Daftari la wanachama limekamilika: utambulisho, jinsia, mwaka wa kuzaliwa, mashamba na ukubwa kwa "
            "kila mwanachama.",
            "Sehemu ya wanachama hai ambao taarifa zao katika daftari zimekamilika.",
        ),
        "baseline-self-assessment": (
            "Tathmini binafsi ya mwanzo dhidi ya masharti ya awali ya viwango vilivyochaguliwa inaonyesha mapengo.",
            "Tathmini binafsi iliyokamilika pamoja na orodha ya mapengo.",
        ),
        "risk-assessment": (
            "Tathmini ya hatari imefanyika.",
            "Tathmini ya hatari: wanachama, mashamba na desturi gani zina hatari kubwa zaidi ya kutotimiza kanuni.",
        ),
        "baseline-indicators": (
            "Viashiria vya mwanzo vimepimwa: mavuno, mapato na ubora.",
            "Utafiti wa hali ya mwanzo au kumbukumbu za uzalishaji ulizotegemea.",
        ),
    },
    "planning-2": {
        "improvement-plan-adopted": (
            "Wanachama wamepitisha mpango wa kuboresha: hatua zinazohusiana na mapengo, zenye wahusika na "
            "tarehe za mwisho.",
            "Mpango wenyewe na kumbukumbu za mkutano ulioupitisha.",
        ),
        "internal-rules-adopted": (
            "Kikundi kimepitisha kanuni zake za ndani (kiwango cha ndani, orodha ya adhabu).",
            "Kiwango cha ndani kwa lugha ya eneo na kumbukumbu za kupitishwa kwake.",
        ),
        "inspectors-trained": (
            "Meneja wa ICS na wakaguzi wa ndani wameteuliwa na kufunzwa.",
            "Wakaguzi wa ndani walio hai wenye mafunzo yaliyoandikwa; angalau wawili.",
        ),
        "members-trained": (
            "Wanachama wamefunzwa kuhusu kiwango cha ndani.",
            "Sehemu ya wanachama (bila kuhesabu walioondoka) waliohudhuria mafunzo ya kikundi.",
        ),
        "first-inspection-round": (
            "Awamu ya kwanza ya ukaguzi wa ndani inawafikia wanachama wote.",
            "Sehemu ya wanachama wanaostahili kukaguliwa ambao wamekaguliwa katika awamu ya mwaka huu.",
        ),
        "nonconformities-have-actions": (
            "Kila kasoro iliyopatikana ina hatua ya kurekebisha.",
            "Kasoro zilizo wazi bila hatua ya kurekebisha.",
        ),
        "approved-member-list": (
            "Kuna orodha ya wanachama walioidhinishwa.",
            "Wanachama ambao hali yao ni 'ameidhinishwa' baada ya ukaguzi.",
        ),
    },
    "initial-certificate": {
        "certification-body-contracted": (
            "Shirika la uthibitisho limepewa mkataba.",
            "Mkataba uliotiwa sahihi au tarehe ya ukaguzi iliyothibitishwa.",
        ),
        "external-audit-done": (
            "Shirika la uthibitisho limekagua kikundi.",
            "Ukaguzi wa nje ulioandikwa katika miezi 12 iliyopita.",
        ),
        "findings-recorded": (
            "Matokeo ya ukaguzi yameandikwa kama kasoro.",
            "Ripoti ya ukaguzi, na matokeo yake yameingizwa katika daftari la kasoro.",
        ),
        "major-nonconformities-closed": (
            "Kasoro kubwa na kasoro hatari zimefungwa kwa wakati.",
            "Kasoro kubwa na kasoro hatari ambazo bado hazijafungwa.",
        ),
        "certificate-issued": (
            "Cheti kimetolewa: kiwango, wigo, tarehe ya kuanza na ya kuisha.",
            "Cheti halali kilichoandikwa.",
        ),
    },
    "autonomous": {
        "management-review": (
            "Tathmini ya uongozi ya mwaka huu imefanyika na kuandikwa kumbukumbu.",
            "Kumbukumbu za tathmini: matokeo, kasoro, malalamiko, vipaumbele vya mwaka ujao.",
        ),
        "plan-updated": (
            "Mpango wa kuboresha umesasishwa kwa mwaka ujao.",
            "Mpango uliosasishwa, pamoja na masharti ya kuboresha yanayoanza kutumika.",
        ),
        "inspection-round": (
            "Kila mwanachama amekaguliwa ndani mwaka huu.",
            "Sehemu ya wanachama wanaostahili kukaguliwa ambao wamekaguliwa katika awamu ya mwaka huu.",
        ),
        "external-audit": (
            "Ukaguzi wa nje wa mwaka umefanyika.",
            "Ukaguzi wa nje ulioandikwa katika miezi 12 iliyopita.",
        ),
        "certificate-valid": (
            "Cheti ni halali au kimefanywa upya.",
            "Cheti halali kilichoandikwa.",
        ),
        "services-requested": (
            "Kikundi chenyewe kinaomba huduma za msaada badala ya kusukumiwa.",
            "Maombi ya huduma yaliyofanywa na kikundi mwaka huu.",
        ),
    },
}

# code: (name, description)
SANCTION_TYPES_SW: Final[dict[str, tuple[str, str]]] = {
    "warning": (
        "Onyo",
        "Onyo la maandishi pamoja na hatua ya kurekebisha na tarehe ambayo itakaguliwa.",
    ),
    "suspension": (
        "Kusimamishwa",
        "Mazao ya mwanachama hayauzwi kama yaliyothibitishwa mpaka ukaguzi wa marudio uone yamerekebishwa.",
    ),
    "exclusion": (
        "Kufukuzwa",
        "Mwanachama anaondolewa kwenye kikundi kilichothibitishwa, kwa kosa kubwa au la kurudiwa (kwa mfano "
        "dawa iliyopigwa marufuku, au mazao yaliyonunuliwa kutoka nje).",
    ),
}

# code: (name, unit, description)
INDICATORS_SW: Final[dict[str, tuple[str, str, str]]] = {
    "inspection-coverage": (
        "Kiwango cha ukaguzi wa ndani",
        "%",
        "Wanachama waliokaguliwa katika awamu ya mwaka, kati ya wanaostahili (wote ambao hawajaondoka).",
    ),
    "nc-closure-rate": (
        "Kiwango cha kufunga kasoro",
        "%",
        "Kasoro zilizopatikana katika kipindi ambazo zimethibitishwa na kufungwa.",
    ),
    "nc-days-to-close": (
        "Siku za kati za kufunga kasoro",
        "siku",
        "Kutoka kugunduliwa hadi kufungwa baada ya kuthibitishwa, kwa kasoro zilizofungwa katika kipindi.",
    ),
    "training-coverage": (
        "Kiwango cha mafunzo",
        "%",
        "Wanachama waliohudhuria angalau mafunzo moja katika kipindi, kati ya wanachama ambao hawajaondoka.",
    ),
    "income-per-member": (
        "Mapato kwa kila mwanachama",
        "sarafu ya nchi",
        "Wastani wa mapato kutoka kwa zao kwa kila mwanachama mwenye kumbukumbu ya uzalishaji katika msimu.",
    ),
    "income-variation": (
        "Kubadilika kwa mapato kati ya misimu",
        "%",
        "Kigezo cha mabadiliko (coefficient of variation) cha mapato ya kikundi kwa kila mwanachama katika "
        "misimu iliyopita: chini ni imara zaidi.",
    ),
    "yield-per-hectare": (
        "Mavuno kwa hekta",
        "kg/ha",
        "Kiasi kilichovunwa kikigawanywa kwa ukubwa wa mashamba ya wanachama.",
    ),
    "certified-share-sold": (
        "Sehemu ya mazao yaliyothibitishwa iliyouzwa kama iliyothibitishwa",
        "%",
        "Kiasi kilichouzwa kama kilichothibitishwa, kati ya mazao yaliyothibitishwa (mavuno ya wanachama wa "
        "kikundi kilichothibitishwa).",
    ),
    "top-grade-share": (
        "Sehemu ya daraja la juu la ubora",
        "%",
        "Huingizwa kutoka kwa ripoti za madaraja za mnunuzi.",
    ),
    "certification-cost-per-member": (
        "Gharama ya uthibitisho kwa kila mwanachama",
        "sarafu ya nchi",
        "Ada za ukaguzi na uthibitisho za mwaka zikigawanywa kwa wanachama walioidhinishwa.",
    ),
}

# code: (name, description)
SERVICE_TYPES_SW: Final[dict[str, tuple[str, str]]] = {
    "training": ("Mafunzo", "Mafunzo ya wanachama, wafanyakazi wa ICS au wakaguzi."),
    "ics-coaching": ("Ushauri wa ICS", "Kukielekeza kikundi jinsi ya kuendesha mfumo wake wa udhibiti wa ndani."),
    "standards-information": (
        "Taarifa kuhusu viwango",
        "Kueleza viwango, masharti yake na uchambuzi wa mapengo dhidi yake.",
    ),
    "audit-certification": ("Ukaguzi na uthibitisho", "Ukaguzi wa nje na uamuzi wa uthibitisho."),
    "prefinance-credit": ("Malipo ya awali au mkopo", "Pesa zinazotolewa mapema dhidi ya mavuno, au mkopo."),
    "market-linkage": (
        "Kuunganishwa na soko au mkataba wa ununuzi",
        "Ahadi au mkataba wa mnunuzi wa kununua mazao yaliyothibitishwa ya kikundi.",
    ),
    "certification-subsidy": ("Ruzuku ya gharama za uthibitisho", "Mchango kwa gharama za ukaguzi na uthibitisho."),
    "inputs": ("Pembejeo", "Mbegu, miche, zana au pembejeo zilizoidhinishwa."),
}

# (phase code, service type code): description
INTERACTION_POINTS_SW: Final[dict[tuple[str, str], str]] = {
    ("preconditions", "market-linkage"): "Mnunuzi anaahidi kuchukua mazao yaliyothibitishwa ya kikundi.",
    ("preconditions", "certification-subsidy"): "Gharama ya uthibitisho imelipwa au inagawanywa.",
    ("planning-1", "standards-information"): "Uchambuzi wa mapengo wa mkufunzi dhidi ya viwango vilivyochaguliwa.",
    ("planning-2", "ics-coaching"): "Ushauri wakati kikundi kinajenga mfumo wake wa udhibiti wa ndani.",
    ("planning-2", "training"): "Mafunzo ya wafanyakazi wa ICS, wakaguzi na wanachama.",
    ("initial-certificate", "audit-certification"): "Ukaguzi wa kwanza wa shirika la uthibitisho.",
    ("autonomous", "market-linkage"): "Mikataba ya ununuzi wa mazao yaliyothibitishwa.",
    ("autonomous", "audit-certification"): "Ukaguzi wa kila mwaka wa ufuatiliaji au wa kufanya upya cheti.",
}
