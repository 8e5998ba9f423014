"""The standards' reference content in Kiswahili, beside the English of `standards.reference_data`.

Written for a group manager and the internal inspectors of a Kenyan co-operative, as an extension officer would
say it: plain words and the usual terms of co-operatives and certification (chama cha ushirika, daftari la
wanachama, ukaguzi wa ndani, kasoro, hatua ya kurekebisha, cheti), not a word-for-word rendering. Like the
English, these are our own words, never quotes of a standard. Keys are the codes of the English rows; a
migration (`standards/migrations/0006_translations.py`) fills them in where the English is still as shipped.
"""

from typing import Final

STANDARD_DESCRIPTIONS_SW: Final[dict[str, str]] = {
    "sgqs": (
        "Hatua ya kwanza kwa vikundi ambavyo bado havijawa tayari kwa kiwango cha uthibitisho. Kinaweka misingi ya "
        "mfumo wa udhibiti wa ndani (daftari la wanachama, ahadi za wanachama, ukaguzi wa kila mwaka, adhabu na "
        "ufuatiliaji wa mazao) ambayo kila kiwango kingine hujengwa juu yake."
    ),
    "fairtrade-spo": (
        "Kwa vyama vya kidemokrasia vya wakulima wadogo wa familia wanaouza mazao ya Fairtrade. Masharti ya msingi "
        "yanaanza mwaka wa 0, 1, 3 au 6 baada ya kupata cheti; masharti ya maendeleo hupewa alama 1 hadi 5 na "
        "wastani lazima uwe angalau 3. Maelezo ya ufafanuzi ya 2023 yanaleta baadhi ya kanuni za wafanyakazi "
        "hatua kwa hatua."
    ),
    "eu-organic-group": (
        "Uthibitisho wa kikundi kwa wakulima wadogo wa kilimo hai chini ya sheria ya kilimo hai ya Umoja wa Ulaya "
        "(Ibara ya 36), pamoja na Kanuni 2021/715 na 2021/279. Kila sharti ni la lazima tangu mwanzo; vipindi vya "
        "mpito huamua lini mazao yanaweza kuuzwa kama ya kilimo hai."
    ),
    "rainforest-2020": (
        "Masharti ya shamba kwa vikundi vilivyothibitishwa: masharti ya msingi tangu mwanzo, kiwango cha kuboresha "
        "1 kufikia mwaka wa 3, kiwango cha 2 kufikia mwaka wa 6, na vipimo maalum (smart meters) hupimwa kila "
        "mwaka. Toleo 1.4, linalotumika tangu 1 Oktoba 2025, linabadilisha majina ya viwango na kuvifanya vyote "
        "kuwa vya lazima."
    ),
    "globalgap-ifa-opt2": (
        "Uthibitisho wa kikundi wa kanuni bora za kilimo, hapa kwa matunda na mboga. Kikundi lazima kitimize "
        "masharti yote ya usimamizi wa ubora, masharti yote makuu ya lazima na asilimia 95 ya masharti madogo ya "
        "lazima; mapendekezo ni hiari. IFA v6 Smart imekuwa ya lazima tangu 1 Januari 2024; namba za vifungu hapa "
        "ni za toleo la 5."
    ),
}

# code: (name, description)
CROSSWALK_TOPICS_SW: Final[dict[str, tuple[str, str]]] = {
    "legal-entity-rules": (
        "Usajili wa kisheria na kanuni zilizoandikwa",
        "Kikundi ni chama kilichopangwa au kilichosajiliwa kisheria, na kanuni zake zimeandikwa.",
    ),
    "member-register": (
        "Daftari la wanachama",
        "Orodha ya sasa ya wanachama na mashamba yao: mahali, ukubwa, mazao na mavuno yanayotarajiwa.",
    ),
    "member-agreements": (
        "Mikataba ya wanachama iliyotiwa sahihi",
        "Kila mwanachama anatia sahihi mkataba wa kufuata kanuni na kukubali kukaguliwa.",
    ),
    "annual-internal-inspection": (
        "Ukaguzi wa ndani wa kila mwanachama kila mwaka",
        "Wakaguzi wa kikundi wenyewe humtembelea kila mwanachama angalau mara moja kwa mwaka na kuandika wanachokiona.",
    ),
    "new-member-inspection": (
        "Ukaguzi kabla ya kumpokea mwanachama mpya",
        "Mwanachama mpya, au shamba jipya, hukaguliwa na kukubaliwa kabla mazao yake hayajauzwa kama "
        "yaliyothibitishwa.",
    ),
    "trained-inspectors": (
        "Wakaguzi waliofunzwa wasio na mgongano wa maslahi",
        "Wakaguzi wa ndani wamefunzwa na kamwe hawakagui shamba ambalo wana maslahi nalo.",
    ),
    "risk-assessment": (
        "Tathmini ya hatari",
        "Kikundi kinatambua mahali kanuni zinaweza kuvunjwa zaidi na kukagua hapo zaidi.",
    ),
    "sanctions-procedure": (
        "Utaratibu wa adhabu",
        "Orodha iliyoandikwa ya hatua dhidi ya kuvunja kanuni, zinazotumika na kufuatiliwa kesi kwa kesi.",
    ),
    "grievance-complaints": (
        "Malalamiko",
        "Wanachama, wafanyakazi au watu wengine wanaweza kulalamika; kikundi kinaandika na kutatua kila kesi.",
    ),
    "training-records": (
        "Kumbukumbu za mafunzo",
        "Kila mafunzo yanaandikwa: mada, tarehe, mkufunzi na waliohudhuria.",
    ),
    "traceability-volumes": (
        "Ufuatiliaji wa mazao na kiasi dhidi ya makadirio",
        "Ununuzi unaandikwa kwa kila mwanachama na kulinganishwa na makadirio ya mavuno ya mwanachama huyo.",
    ),
    "segregation": (
        "Kutenganisha mazao na uzalishaji sambamba",
        "Mazao yaliyothibitishwa yanawekwa mbali na mengine; mazao yanayolimwa sambamba yanaweza kutofautishwa.",
    ),
    "annual-plan-review": (
        "Mpango wa mwaka, tathmini ya uongozi au ukaguzi wa ndani wa mfumo",
        "Kikundi kinapanga mwaka wake, na kutathmini au kukagua jinsi mfumo wake wa usimamizi unavyofanya kazi.",
    ),
    "premium-use": (
        "Matumizi ya malipo ya ziada (premium)",
        "Pesa za ziada zinazolipwa kwa mazao yaliyothibitishwa zinashughulikiwa kwa uwazi, kama kiwango kinavyotaka.",
    ),
    "child-labour-procedure": (
        "Utaratibu dhidi ya ajira ya watoto",
        "Njia ya kuzuia, kugundua na kurekebisha ajira ya watoto kwa wanachama na wafanyakazi wao.",
    ),
    "pesticide-restrictions": (
        "Vikwazo vya dawa za kuua wadudu",
        "Dawa zilizopigwa marufuku hazitumiki kamwe; nyingine hutumika tu kwa masharti ya kiwango.",
    ),
    "deforestation-cutoff": (
        "Tarehe ya mwisho ya ukataji wa misitu",
        "Hakuna kilimo kwenye ardhi iliyofyekwa msitu au mazingira asilia baada ya tarehe ya mwisho ya kiwango.",
    ),
}

# standard code: {requirement code: text}
REQUIREMENTS_SW: Final[dict[str, dict[str, str]]] = {
    "sgqs": {
        "SG-M-01": "Kikundi ni chama kilichopangwa (chama, chama cha ushirika au kampuni) kinachouza mazao ya "
        "wanachama na kuwajibika kwa ufuataji wao wa kanuni.",
        "SG-M-02": "Teueni mtu wa mawasiliano anayesimamia udhibiti wa ndani na kuzungumza kwa niaba ya kikundi.",
        "SG-M-03": "Wekeni orodha ya msingi ya wanachama: jina, jinsia, kijiji na zao kuu la kila mwanachama.",
        "SG-M-04": "Kila mwanachama anatia sahihi ahadi ya kufuata kanuni za kikundi na kukubali kukaguliwa.",
        "SG-M-05": "Andikeni kanuni za kikundi kwa lugha ya eneo na kumweleza kila mwanachama.",
        "SG-M-06": "Wekeni daftari la wanachama likiwa la sasa: mahali shamba lilipo, ukubwa, mazao na makadirio "
        "ya mavuno ya kila mwanachama.",
        "SG-M-07": "Kagueni shamba la kila mwanachama angalau mara moja kwa mwaka na kuandika mlichokiona.",
        "SG-M-08": "Tembeleeni shamba la mwanachama mpya na kulikubali kabla hajauza kupitia kikundi.",
        "SG-M-09": "Fundisheni wakaguzi wa ndani; hakuna anayekagua shamba lake mwenyewe au la ndugu yake.",
        "SG-M-10": "Kamati ya kuidhinisha inaamua hali ya kila mwanachama kutokana na ripoti za ukaguzi.",
        "SG-M-11": "Wekeni orodha ya adhabu kwa kuvunja kanuni, na kuandika kila adhabu iliyotolewa na jinsi "
        "ilivyofuatiliwa.",
        "SG-M-12": "Andikeni kila mafunzo: tarehe, mada, mkufunzi na waliohudhuria.",
        "SG-M-13": "Pangeni mpango wa kazi wa mwaka na kuutathmini mwisho wa mwaka pamoja na wawakilishi wa wanachama.",
        "SG-M-14": "Kila mwaka, tambueni mahali kanuni zinaweza kuvunjwa zaidi na kukagua hapo zaidi.",
        "SG-Q-01": "Hifadhini mazao yaliyovunwa yakiwa safi, makavu, juu ya ardhi na mbali na mafuta na kemikali.",
        "SG-Q-02": "Kagueni ubora wa kila mzigo unaoletwa (kwa mfano unyevu na takataka) na kuandika matokeo.",
        "SG-E-01": "Wanachama hawatumii dawa zilizopigwa marufuku; kikundi kinaweka orodha ya dawa hizo na "
        "kuzitafuta wakati wa ukaguzi.",
        "SG-E-02": "Wasaidieni wanachama kulinda udongo dhidi ya mmomonyoko na kuudumisha wenye rutuba, kwa mfano "
        "kwa matandazo, mboji au mimea ya kufunika udongo.",
        "SG-S-01": "Pokeeni mkulima yeyote anayestahili, bila kujali jinsia, dini au kabila lake.",
        "SG-S-02": "Wanachama hawatumii kazi ya kulazimishwa; watoto chini ya miaka 15 wanaenda shule, si kazini.",
        "SG-S-03": "Wapeni wanachama njia rahisi na salama ya kulalamika, na kuandika jinsi kila kesi "
        "ilivyoshughulikiwa.",
        "SG-S-04": "Kubalianeni njia rahisi ya kuzuia, kugundua na kurekebisha ajira ya watoto kwenye mashamba ya "
        "wanachama.",
        "SG-H-01": "Wanachama wanafungia dawa za kuua wadudu mbali na chakula, watoto na maji, na kamwe hawatumii "
        "tena vyombo vitupu kwa chakula au maji.",
        "SG-H-02": "Fundisheni wanachama wanaonyunyizia dawa kuvaa mavazi ya kujikinga na kuoga baada ya kunyunyizia.",
        "SG-T-01": "Nunueni tu kutoka kwa wanachama walioidhinishwa; andikeni kila ununuzi: mwanachama, tarehe, "
        "kiasi na bei.",
        "SG-T-02": "Hifadhini na kusafirisha mazao ya kikundi mbali na mazao mengine, yakiwa na alama wazi.",
        "SG-T-03": "Linganisheni mazao anayoleta kila mwanachama msimu mzima na makadirio ya mavuno yake, na "
        "kufuatilia ziada yoyote.",
    },
    "fairtrade-spo": {
        "FT-M-01": "Kikundi ni chama kilichosajiliwa ambacho katiba yake inampa kila mwanachama kura; wanachama "
        "wengi ni wakulima wadogo wa familia wanaoleta sehemu kubwa ya mazao.",
        "FT-M-02": "Teueni mtu wa mawasiliano wa Fairtrade na kuripoti mabadiliko yoyote ya bodi au ya wanachama.",
        "FT-M-03": "Kubalini ukaguzi, uwe umetangazwa au la, na kuwapa wakaguzi taarifa wanazoomba.",
        "FT-M-04": "Wekeni orodha ya sasa ya wanachama yenye ukubwa wa ardhi, mazao na kiasi cha kila mwanachama.",
        "FT-M-05": "Fanyeni mkutano mkuu kila mwaka, wenye uchaguzi wa bodi na kumbukumbu; wasilisheni ripoti ya "
        "mwaka, hesabu na bajeti kwake.",
        "FT-M-06": "Andaeni mpango wa maendeleo, mkutano mkuu uuidhinishe kabla pesa yoyote ya premium "
        "haijatumika, na kuripoti maendeleo kila mwaka.",
        "FT-M-07": "Wekeni pesa za premium ya Fairtrade katika akaunti tofauti ambazo wanachama wanaweza kuzifuatilia.",
        "FT-M-08": "Waelezeni wanachama kanuni za Fairtrade na kumkagua kila mwanachama kila mwaka kupitia mfumo "
        "wa udhibiti wa ndani.",
        "FT-M-09": "Kila mwanachama atie sahihi mkataba wa kufuata kanuni za Fairtrade na udhibiti wa ndani wa "
        "kikundi.",
        "FT-M-10": "Kagueni shamba la mwanachama mpya dhidi ya kanuni kabla hajauza kama Fairtrade.",
        "FT-M-11": "Fundisheni wakaguzi wanachama; hakuna anayekagua shamba lake au la ndugu yake.",
        "FT-M-12": "Wekeni adhabu zilizoandikwa kwa kuvunja kanuni, na kuandika jinsi kila kesi ilivyoisha.",
        "FT-M-13": "Andikeni mafunzo yaliyotolewa kwa wanachama na wafanyakazi: mada, tarehe na waliohudhuria.",
        "FT-M-14": "Tathminini mahali wanachama wanaweza kuvunja kanuni za mazingira na za wafanyakazi, na "
        "kuelekeza ukaguzi na mafunzo huko.",
        "FT-M-15": "Tathminini mahitaji ya wanachama na kufuatilia jinsi chama kinavyokua kwa miaka.",
        "FT-E-01": "Msitumie dawa zilizopigwa marufuku (orodha nyekundu); tumieni zenye vikwazo (orodha ya "
        "machungwa) tu kwa masharti yaliyowekwa.",
        "FT-E-02": "Msitumie mbegu wala miche iliyobadilishwa vinasaba (GMO).",
        "FT-E-03": "Msifyeke msitu wala ardhi iliyohifadhiwa ili kulima.",
        "FT-E-04": "Shughulikieni na kuhifadhi taka kwa usalama, hasa taka hatari.",
        "FT-E-05": "Acheni maeneo ya kinga kati ya mazao na maji, msitu au maeneo yaliyohifadhiwa.",
        "FT-E-06": "Tumieni udhibiti jumuishi wa wadudu (IPM) ili kupunguza matumizi ya kemikali za kilimo.",
        "FT-E-07": "Zuieni mmomonyoko, dumisheni rutuba ya udongo, na kulinda maji na kuyatumia kwa uangalifu.",
        "FT-E-08": "Wasaidieni wanachama kukabiliana na mabadiliko ya tabianchi na kupunguza gesi chafu.",
        "FT-S-01": "Hakuna ubaguzi, unyanyasaji wala kazi ya kulazimishwa katika kikundi au kwenye mashamba ya "
        "wanachama.",
        "FT-S-02": "Hakuna mtu chini ya miaka 15 anayefanya kazi na hakuna chini ya miaka 18 anayefanya kazi "
        "hatari; watoto husaidia shambani kwa familia tu kwa usalama na nje ya saa za shule.",
        "FT-S-03": "Waacheni wafanyakazi wajiunge au waanzishe chama cha wafanyakazi wanachokitaka.",
        "FT-S-04": "Wapeni wafanyakazi wa kuajiriwa masharti ya haki: angalau mshahara wa kisheria, unaolipwa kwa "
        "wakati, na kumbukumbu zake.",
        "FT-S-05": "Uanachama uwe wazi kwa wakulima wote wanaostahili, bila ubaguzi.",
        "FT-S-06": "Mahali hatari ya ajira ya watoto ni kubwa, kuweni na sera ya kuzuia, kugundua na kurekebisha kesi.",
        "FT-S-07": "Wapeni wanachama na wafanyakazi njia ya kulalamika, na kuandika jinsi kila kesi ilivyotatuliwa.",
        "FT-S-08": "Pitisheni sera ya usawa wa kijinsia na kuitekeleza.",
        "FT-H-01": "Wapeni wafanyakazi afya na usalama wa msingi: huduma ya kwanza, maji ya kunywa, mazingira salama.",
        "FT-H-02": "Fundisheni wanaoshughulikia dawa za kuua wadudu; wavae vifaa vya kujikinga, wahifadhi dawa kwa "
        "usalama na kutupa vyombo vitupu ipasavyo.",
        "FT-T-01": "Andikeni kila ununuzi kutoka kwa wanachama (tarehe, mwanachama, kiasi, bei) na kila mauzo.",
        "FT-T-02": "Wekeni mazao ya Fairtrade mbali na mengine pale inapotakiwa; tumieni mass balance tu pale "
        "inaporuhusiwa.",
        "FT-T-03": "Uzeni kama Fairtrade tu kile wanachama walichozalisha, kwa mikataba, na kutumia alama ya "
        "Fairtrade ipasavyo.",
    },
    "eu-organic-group": {
        "EO-M-01": "Wanachama wote ni wakulima; wanaweza pia kusindika au kuuza mazao yao.",
        "EO-M-02": "Kila mwanachama yuko ndani ya kikomo cha ukubwa: hadi hekta 5 (hekta 0.5 za greenhouse, hekta "
        "15 za malisho), au mauzo ya kilimo hai hadi €25,000 pale uthibitisho ungegharimu zaidi ya asilimia 2.",
        "EO-M-03": "Kikundi kina usajili wake chenyewe wa kisheria.",
        "EO-M-04": "Wanachama wanalima karibu na wenzao, katika nchi moja.",
        "EO-M-05": "Kila mwanachama anatia sahihi mkataba wa kufuata kanuni za kilimo hai na mfumo wa udhibiti wa "
        "ndani wa kikundi.",
        "EO-M-06": "Endesheni mfumo wa udhibiti wa ndani ulioandikwa; mtu au kamati iliyotajwa inamkagua kila "
        "mwanachama.",
        "EO-M-07": "Sajilini wanachama kwa utaratibu uliowekwa na kuweka daftari likiwa la sasa.",
        "EO-M-08": "Kagueni kila mwanachama shambani angalau mara moja kwa mwaka.",
        "EO-M-09": "Ongezeni ziara, kwa kuzingatia hatari, kwa wanachama wanaoweza kuvunja kanuni zaidi.",
        "EO-M-10": "Kubalini wanachama wapya au mashamba mapya tu baada ya kuyakagua.",
        "EO-M-11": "Teueni meneja wa ICS na wakaguzi wa ICS waliofunzwa wasio na mgongano wa maslahi.",
        "EO-M-12": "Fundisheni wakaguzi na wanachama, na kuweka kumbukumbu ya kila mafunzo.",
        "EO-M-13": "Wekeni nyaraka za ICS zinazotakiwa; kikundi kina wanachama wasiozidi 2,000.",
        "EO-M-14": "Wekeni orodha ya hatua dhidi ya ukiukaji na kufuatilia kila kesi; mfumo wa udhibiti "
        "unaoshindwa unaweza kukinyima kikundi chote cheti.",
        "EO-Q-01": "Heshimuni vipindi vya mpito: miaka 2 kabla ya kupanda mazao ya msimu, miaka 3 kabla ya kuvuna "
        "mazao ya kudumu.",
        "EO-Q-02": "Tumieni mbegu za kilimo hai; tumieni mbegu zisizo za kilimo hai tu kwa kibali.",
        "EO-Q-03": "Chukueni tahadhari dhidi ya uchafuzi; chunguzeni na kuripoti kitu chochote kisichoruhusiwa "
        "kinachoshukiwa.",
        "EO-E-01": "Msitumie GMO wala mionzi.",
        "EO-E-02": "Msitumie mbolea wala dawa za viwandani; tumieni pembejeo zilizoidhinishwa tu, na pale tu kinga "
        "haitoshi.",
        "EO-E-03": "Dumisheni rutuba ya udongo kwa kubadilisha mazao pamoja na jamii ya kunde, mbolea ya kijani na "
        "mboji; panda mazao ardhini.",
        "EO-T-01": "Uzeni mazao ya wanachama kwa pamoja.",
        "EO-T-02": "Linganisheni mazao anayoleta kila mwanachama na makadirio ya mavuno yake.",
        "EO-T-03": "Ruhusuni uzalishaji sambamba tu kwa vipande vilivyotengana wazi na aina za mazao zinazotambulika "
        "kwa urahisi.",
        "EO-T-04": "Andikeni pembejeo, uzalishaji na mauzo; tumieni cheti na nembo ipasavyo.",
    },
    "rainforest-2020": {
        "RA-M-01": "Uongozi wa kikundi unajitolea kwa kiwango na kukipa wafanyakazi na rasilimali za kutosha.",
        "RA-M-02": "Wekeni daftari la wanachama wote na mashamba yao.",
        "RA-M-03": "Tieni sahihi mkataba na kila mwanachama unaoeleza kile pande zote mbili zinaahidi.",
        "RA-M-04": "Tathminini uwezo wa kikundi wa kujisimamia angalau kila miaka mitatu.",
        "RA-M-05": "Fuateni sheria au mkataba wa pamoja wa wafanyakazi, kile kilicho kikali zaidi.",
        "RA-M-06": "Tathminini hatari za kutotimiza kiwango na kuweka tathmini hiyo ikiwa ya sasa.",
        "RA-M-07": "Wekeni mpango wa usimamizi, pamoja na mpango wa mafunzo, unaoshughulikia hatari zilizogunduliwa.",
        "RA-M-08": "Fundisheni wakaguzi wa ndani kabla hawajawakagua wanachama.",
        "RA-M-09": "Andikeni mafunzo ya wakaguzi, wanachama na wafanyakazi: mada, tarehe na waliohudhuria.",
        "RA-M-10": "Kagueni wanachama wote kila mwaka na kufanya tathmini binafsi kabla ya ukaguzi wa nje.",
        "RA-M-11": "Kagueni wanachama wapya kabla hawajaongezwa kwenye cheti.",
        "RA-M-12": "Tumieni utaratibu wa adhabu kwa wanachama wasiotii, na kufuatilia kila kesi.",
        "RA-M-13": "Wekeni mpango wa uwekezaji wa uendelevu na kumbukumbu za jinsi pesa zinavyotumika.",
        "RA-M-14": "Ripotini takwimu za viashiria vya kiwango; zinapimwa kila mwaka.",
        "RA-M-15": "Ongezeni alama za uwezo wa kikundi wa kujisimamia na huduma kwa wanachama kadiri muda unavyoenda.",
        "RA-Q-01": "Vuneni mazao na kuyashughulikia baada ya mavuno kwa usafi.",
        "RA-E-01": "Wekeni mahali kila shamba lilipo kwa GPS: nukta moja, au mpaka mzima kwa mashamba makubwa.",
        "RA-E-02": "Msilime mazao yaliyobadilishwa vinasaba.",
        "RA-E-03": "Pimeni udongo, wekeni mbolea kulingana na mahitaji yake, na kuzuia mmomonyoko.",
        "RA-E-04": "Kuweni na mkakati wa udhibiti wa wadudu (IPM), fuatilieni wadudu, na kuwafundisha wanachama.",
        "RA-E-05": "Punguzeni kiasi na sumu ya dawa zinazotumika; vyote viwili hupimwa kila mwaka.",
        "RA-E-06": "Acheni mimea kando ya mito, lindeni wanyamapori, na kusimamia maji machafu na taka.",
        "RA-E-07": "Pimeni kiasi na sumu ya dawa zinazotumika; hupimwa kila mwaka na vinapaswa kupungua.",
        "RA-E-08": "Hifadhini au rudisheni mimea asilia kwenye mashamba ya wanachama na kuyazunguka.",
        "RA-S-01": "Endesheni utaratibu wa malalamiko kwa wanachama, wafanyakazi na jamii; rekebisheni kesi za kweli.",
        "RA-S-02": "Teueni mtu au kamati ya usawa wa kijinsia na kuchukua hatua dhidi ya ubaguzi wa kijinsia.",
        "RA-S-03": "Undeni kamati ya kutathmini na kushughulikia inayofuatilia ajira ya watoto, kazi ya "
        "kulazimishwa, ubaguzi na ukatili, na kurekebisha kesi.",
        "RA-S-04": "Heshimuni uhuru wa kujiunga na vyama; lipeni angalau mshahara wa chini; wapeni wafanyakazi "
        "mikataba na saa za kazi za kisheria.",
        "RA-S-05": "Pateni ridhaa huru, ya mapema na yenye taarifa kamili kabla ya kutumia ardhi ambayo wengine "
        "wana haki juu yake.",
        "RA-S-06": "Imarisheni kinga na ufuatiliaji wa ajira ya watoto na kazi ya kulazimishwa.",
        "RA-S-07": "Pimeni pengo kati ya mishahara inayolipwa na mshahara wa kujikimu, na kulipunguza.",
        "RA-H-01": "Msitumie dawa zilizopigwa marufuku; wanyunyiziaji waliofunzwa wenye vifaa vya kujikinga tu "
        "ndio hunyunyizia; hifadhini dawa kwa usalama; acheni maeneo ya kinga.",
        "RA-H-02": "Tayarisheni huduma ya kwanza, vifaa vya kujikinga na maji ya kunywa; hakuna kazi hatari kwa "
        "wajawazito au wafanyakazi vijana.",
        "RA-T-01": "Andikeni ununuzi na mauzo kwa kila mwanachama; kiasi kilichothibitishwa kinachonunuliwa kamwe "
        "hakizidi makadirio ya mavuno ya mwanachama.",
        "RA-T-02": "Ripotini mauzo kwenye jukwaa la uthibitisho na kufuata kanuni za kutenganisha mazao na mass "
        "balance.",
        "RA-T-03": "Wapeni wanachama malipo yote ya ziada ya uendelevu (sustainability differential) "
        "yanayolipwa na wanunuzi.",
    },
    "globalgap-ifa-opt2": {
        "GG-M-01": "Kikundi kimesajiliwa kisheria na kinaweza kutia sahihi mikataba na wanachama wake.",
        "GG-M-02": "Tieni sahihi mkataba wa maandishi na kila mwanachama.",
        "GG-M-03": "Wekeni daftari la wanachama na maeneo yao ya uzalishaji, likionyesha hali ya kila mmoja.",
        "GG-M-04": "Wekeni muundo wazi wenye wafanyakazi waliofunzwa, mkaguzi wa ndani wa mfumo aliyehitimu na "
        "wakaguzi wa ndani waliohitimu.",
        "GG-M-05": "Wakaguzi wa ndani kamwe hawakagui mashamba yao wenyewe.",
        "GG-M-06": "Wekeni mwongozo wa ubora na kudhibiti nyaraka ili matoleo ya sasa tu ndiyo yatumike.",
        "GG-M-07": "Shughulikieni malalamiko kuhusu kikundi au mazao yake; andikeni kila moja na matokeo yake.",
        "GG-M-08": "Kagueni mfumo wa usimamizi wa ubora wa kikundi ndani angalau mara moja kwa mwaka.",
        "GG-M-09": "Kagueni kila mwanachama na kila eneo kila mwaka, na kurekebisha kile ukaguzi unachogundua.",
        "GG-M-10": "Andikeni kasoro, kubalianeni hatua za kurekebisha, na kutumia adhabu zilizoandikwa.",
        "GG-M-11": "Simamieni wakandarasi wanaofanya kazi kwa ajili ya kikundi au wanachama wake.",
        "GG-M-12": "Sajilini, kagueni na kuidhinisha wanachama na maeneo mapya kabla hawajathibitishwa.",
        "GG-M-13": "Wekeni kumbukumbu za mafunzo ya wafanyakazi, wakaguzi na wanachama.",
        "GG-Q-01": "Jaribuni utaratibu wa kuondoa mazao sokoni angalau mara moja kwa mwaka.",
        "GG-Q-02": "Kagueni ndani kila kituo kikuu cha kufungashia kila mwaka.",
        "GG-Q-03": "Kuweni na sera iliyoandikwa ya usalama wa chakula.",
        "GG-Q-04": "Tumieni tu dawa zilizosajiliwa kwa zao hilo, kwa ushauri wa mtaalamu; andikeni kila "
        "unyunyiziaji na kuheshimu muda wa kusubiri kabla ya kuvuna.",
        "GG-Q-05": "Jueni viwango vya mabaki ya dawa vya wanunuzi, pimeni mabaki katika maabara iliyoidhinishwa "
        "kwa kuzingatia hatari, na kuchukua hatua kiwango kikizidi.",
        "GG-E-01": "Tathminini hatari za eneo jipya (usalama wa chakula, mazingira, afya) kabla ya kulima.",
        "GG-E-02": "Tumieni mbolea kwa ushauri, iandikeni, ihifadhini kwa usalama; kamwe msitumie majitaka ya vyoo.",
        "GG-E-03": "Pangeni umwagiliaji, tumieni chanzo cha maji cha kisheria, na kutathmini na kupima ubora wa maji.",
        "GG-E-04": "Tumieni udhibiti jumuishi wa wadudu: zuieni kwanza, fuatilieni, kisha chukueni hatua.",
        "GG-E-05": "Simamieni taka za shamba ipasavyo na kuweka mpango wa uhifadhi wa mazingira wa shamba.",
        "GG-E-06": "Msilime ardhi iliyofyekwa msitu asilia au makazi mengine ya asili baada ya tarehe ya mwisho "
        "ya kiwango.",
        "GG-E-07": "Fuatilieni matumizi ya nishati ya shamba na kutafuta njia za kutumia kidogo.",
        "GG-H-01": "Tathminini hatari za usafi, wafundisheni wafanyakazi usafi, na kuweka vyoo na mahali pa "
        "kunawa mikono karibu na shamba.",
        "GG-H-02": "Tathminini hatari za afya na usalama wa wafanyakazi, wafundisheni, na kuweka huduma ya kwanza "
        "karibu.",
        "GG-H-03": "Watu wenye ujuzi tu ndio hushughulikia dawa, wakivaa kinga ambayo lebo inataka.",
        "GG-H-04": "Hifadhini dawa kwa usalama; tupeni kwa usalama mchanganyiko uliobaki, vyombo vitupu na vya zamani.",
        "GG-T-01": "Mazao yaliyothibitishwa yafuatiliwe hadi kwa mwanachama na eneo yalipotoka, na kumbukumbu za "
        "kiasi kilichonunuliwa na kuuzwa.",
        "GG-T-02": "Pale wanachama wanapolima zao moja likiwa limethibitishwa na lisilothibitishwa, yawekeni "
        "mbali na kutambulika wazi.",
        "GG-T-03": "Wekeni mass balance: kiasi kilichothibitishwa kinachouzwa kamwe hakizidi kile kilichozalishwa "
        "au kununuliwa.",
    },
}
