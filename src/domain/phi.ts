// A warning-only scanner for protected health information in the clinical log's free text, by the
// HIPAA Safe Harbor categories that can appear in writing (45 CFR 164.514(b)(2)(i); see
// reference/reliability.md 6): names, places smaller than a state, dates tied to a patient and
// ages over 89, phone and fax numbers, email addresses, SSNs, record, plan, account, licence,
// vehicle and device numbers, URLs, IP addresses and other identifying numbers. Biometrics and
// photos cannot be typed, so they are not looked for.
// It is regexes plus a names heuristic (title, relation and name lists, capitalised pairs) tuned
// against clinical language: eponyms, drugs, scores, ages up to 89, wards, vitals, labs, years.
// A finding says where and what kind, never the text: callers must not echo patient data.

export interface PhiFinding {
  /** 1-based line of the text. */
  line: number;
  /** 1-based column, in characters (code points). */
  column: number;
  /** What was found, in plain words ("a phone number"). */
  kind: string;
}

interface Hit {
  start: number;
  end: number;
  kind: string;
}

type Rule = (line: string) => Hit[];

const KIND = {
  titled: 'a name after a title',
  name: 'a personal name',
  mrn: 'a medical record number',
  date: 'a date tied to a patient',
  phone: 'a phone number',
  fax: 'a fax number',
  email: 'an email address',
  street: 'a street address',
  place: 'a place smaller than a state',
  zip: 'a ZIP code',
  age: 'an age over 89',
  ssn: 'a Social Security number',
  url: 'a URL',
  ip: 'an IP address',
  plan: 'a health plan number',
  account: 'a licence or account number',
  plate: 'a vehicle plate',
  vin: 'a vehicle identification number',
  serial: 'a device serial',
  handle: 'a social media handle',
  id: 'an identifying number',
} as const;

const set = (words: string): ReadonlySet<string> => new Set(words.trim().split(/\s+/));

// ---- Word lists -------------------------------------------------------------------------------

/** Eponyms of diseases, signs and scores: surnames in form, never a person in a clinical log. */
const EPONYMS = set(`
  addison alzheimer apgar babinski barre barré barrett bell brudzinski charcot chvostek crohn cullen
  cushing down duchenne fallot gilbert glasgow graves guillain hashimoto hodgkin homans horner huntington
  kaposi kawasaki kernig korsakoff kussmaul lewy marfan mcburney meniere ménière murphy parkinson raynaud
  reiter rovsing sjogren sjögren stokes cheyne tourette trousseau virchow wegener wernicke whipple wilson
  wolff wells ranson child pugh duke light apley lachman phalen tinel hoffmann romberg trendelenburg
`);

/**
 * Capitalised words that are not names: sentence words, days and months, clinical and hospital
 * vocabulary, specialties, conferences, drugs, languages, faiths and multi-word place names.
 */
const STOP = set(`
  the a an and or but nor if so as at by for from in into of off on onto out over per than that then
  these this those to under up upon via with within without about above across after against along
  among around before behind below beside between beyond during except inside near since through
  toward towards until while also although because despite however once still thus today tonight
  tomorrow yesterday yet he she it we they i you his her its our their my your him them me us who
  whom whose what which when where why how all any both each every few many most other some such no
  not only own same too very can will just should now here there please thanks thank overall
  monday tuesday wednesday thursday friday saturday sunday
  january february march april may june july august september october november december
  jan feb mar apr jun jul aug sep sept oct nov dec
  patient patients pt pts attending attendings resident residents intern interns fellow fellows student
  students extern externs observer nurse nurses practitioner physician physicians doctor doctors surgeon
  surgeons consultant team staff chief director program residency hospital hospitals medical medicine
  center centre clinic clinics clinical health healthcare university college school institute
  department dept unit units ward wards floor wing tower building service services icu micu sicu nicu
  picu ccu emergency internal family general community memorial regional county state national
  federal veterans affairs children childrens women womens mercy saint st mount sinai grand rounds
  round morning report noon conference conferences journal club board tumor tumour simulation lab labs
  laboratory workshop lecture seminar session course case cases review meeting huddle signout handoff
  handover west east north south central upper lower left right step ck cs usmle ecfmg eras nrmp oet
  match day night shift week weeks month year bedside teaching grand academic morbidity mortality
  quality improvement safety ethics committee palliative care hospice infectious critical intensive
  primary urgent social work worker physical therapy occupational speech pathology radiology
  cardiology nephrology neurology oncology hematology haematology gastroenterology pulmonology
  endocrinology rheumatology dermatology psychiatry pediatrics paediatrics obstetrics gynecology
  gynaecology surgery surgical anesthesia anaesthesia anesthesiology orthopedics orthopaedics urology
  ophthalmology otolaryngology ent geriatrics neonatology transplant trauma vascular cardiothoracic
  neurosurgery plastic medicine’s hospitalist hospitalists outpatient inpatient ambulatory telehealth
  rapid response code blue stroke sepsis alert protocol pathway guideline guidelines guideline-directed
  therapy management approach update updates basics essentials advanced life support acls bls pals atls
  disease diseases syndrome syndromes sign signs criteria score scale test tests maneuver manoeuvre
  reflex triad law phenomenon palsy sarcoma lymphoma leukemia leukaemia carcinoma encephalopathy
  thyroiditis ulcer fracture failure heart kidney liver lung lungs renal hepatic acute chronic injury
  pain chest abdominal abdomen pneumonia shock diabetes diabetic ketoacidosis hypertension attack
  infarction myocardial cardiac arrest coma type insulin glargine lispro aspart metformin heparin
  warfarin apixaban eliquis lasix furosemide keppra levetiracetam zosyn vancomycin ceftriaxone
  lantus humalog novolog tylenol acetaminophen paracetamol ibuprofen motrin advil aspirin plavix
  clopidogrel lipitor atorvastatin coumadin xarelto rivaroxaban entresto jardiance ozempic
  prednisone solumedrol decadron dexamethasone zofran ondansetron protonix pantoprazole norco
  dilaudid morphine narcan naloxone ativan lorazepam haldol haloperidol seroquel
  english spanish french portuguese arabic hindi urdu bengali punjabi mandarin chinese cantonese
  yoruba igbo hausa swahili amharic tagalog korean japanese vietnamese russian haitian creole american
  african asian hispanic latino latina nigerian ghanaian indian pakistani egyptian filipino
  muslim christian jewish hindu catholic protestant jehovah witness witnesses god allah christmas
  ramadan easter eid sabbath
  new united kingdom america emirates saudi arabia sri lanka zealand york jersey mexico carolina
  dakota virginia rhode island hampshire costa rica puerto rico el salvador dominican republic hong
  kong africa
  hb hgb hct plt na cr mg ca cl alb tbili trop glu phos fe ph
  mr mrs ms miss mx dr prof operating room labor labour delivery cath echo sleep wound blood bank
  pharmacy pharmacist dietitian nutrition respiratory therapist chaplain interpreter translator
  language line volunteer volunteers med meds peds gen surg onc psych neuro cards pulm gi
  depression anxiety rating assessment questionnaire inventory exam examination
`);

/** Common given names, international; common English words among them are left out. */
const GIVEN = set(`
  james john robert michael william david richard joseph thomas charles christopher daniel matthew
  anthony donald steven stephen paul andrew joshua kenneth kevin brian george timothy ronald edward
  jason jeffrey ryan jacob gary nicholas eric jonathan larry justin brandon benjamin samuel gregory
  alexander patrick raymond jack dennis jerry tyler aaron adam nathan henry zachary peter kyle walter
  ethan jeremy harold keith roger noah gerald carl sean arthur lawrence jesse dylan bryan joe billy
  bruce albert willie gabriel logan alan wayne roy ralph randy eugene vincent russell elijah louis
  bobby philip johnny mary patricia jennifer linda elizabeth barbara susan jessica sarah karen lisa
  nancy betty margaret sandra ashley kimberly emily donna michelle carol amanda dorothy melissa
  deborah stephanie rebecca sharon laura cynthia kathleen amy angela shirley anna brenda pamela emma
  nicole helen samantha katherine christine debra rachel carolyn janet catherine maria heather diane
  julie joyce victoria kelly christina lauren joan evelyn olivia judith megan cheryl martha andrea
  frances hannah jacqueline ann anne gloria jean kathryn alice teresa sara janice doris madison julia
  judy abigail marie denise beverly danielle theresa sophia marilyn diana natalie brittany charlotte
  isabella kayla alexis lori
  josé jose juan luis carlos jorge miguel pedro manuel francisco javier alejandro diego fernando
  ricardo eduardo rafael sergio andrés andres pablo raúl raul ana lucía lucia carmen rosa isabel elena
  sofía sofia valentina camila gabriela daniela fernanda guadalupe juana marta pilar beatriz adriana
  alejandra paula leticia verónica veronica yolanda dolores joão joao paulo antônio antonio thiago
  lucas mateus gustavo felipe rodrigo marcelo mariana larissa juliana aline
  mohammed muhammad mohamed mohammad ahmed ahmad omar hassan hussein ibrahim youssef yusuf khalid
  mahmoud mustafa abdullah abdul hamza bilal tariq samir karim rashid fatima fatimah aisha ayesha
  khadija maryam zainab amina layla leila nour noor salma yasmin yasmine hana huda rania samira
  rahul amit arjun ravi vijay sanjay suresh ramesh rajesh anil sunil vikram aditya rohan karan deepak
  manoj priya pooja anjali neha sunita lakshmi divya kavya meera anita rekha shreya vivek imran asif
  faisal usman zara sana hira nadia
  chinedu chukwuemeka emeka obinna ifeanyi nnamdi chidi uche ngozi chioma chiamaka adaeze nneka
  amaka adebayo oluwaseun olumide tunde babatunde femi funmilayo yetunde bukola folake kemi tolu
  kwame kofi kwabena yaw akosua abena efua musa abubakar aminu fatou aminata mamadou ousmane
  ibrahima moussa wanjiru achieng akinyi tendai tatenda
  wei ming jing mei ling hui xiaoming dmitri ivan olga svetlana natasha igor sergei anastasia tatiana
  nikolai vladimir hiroshi yuki kenji haruto sakura minh thanh linh giuseppe giovanni francesca giulia
  marco luca alessandro matteo pierre camille léa chloé chloe antoine nicolas julien tomasz piotr
  katarzyna
`);

/** Common surnames, international; eponyms and common English words among them are left out. */
const SURNAMES = set(`
  smith johnson williams jones garcia miller davis rodriguez martinez hernandez lopez gonzalez
  gonzález anderson thomas taylor jackson martin lee perez pérez thompson harris sanchez sánchez clark
  ramirez ramírez lewis robinson walker allen wright scott torres nguyen flores adams nelson baker
  rivera campbell mitchell carter roberts gomez gómez phillips evans turner diaz díaz parker cruz
  edwards collins reyes stewart morris morales rogers gutierrez ortiz morgan cooper peterson bailey
  reed kelly howard ramos kim cox richardson watson brooks chavez bennett mendoza ruiz hughes alvarez
  castillo sanders myers ross foster jimenez powell jenkins perry russell sullivan fisher henderson
  coleman simmons patterson reynolds hamilton graham wallace owens kennedy tucker porter hicks
  crawford boyd warren dixon burns gordon shaw holmes robertson daniels palmer nichols ferguson
  hawkins dunn perkins hudson spencer gardner stephens payne pierce matthews arnold wagner willis
  watkins olson carroll duncan snyder cunningham bradley andrews harper riley armstrong carpenter
  weaver greene elliott sims peters kelley franklin lawson ryan schmidt carr vasquez wheeler chapman
  oliver montgomery richards williamson johnston meyer mccoy howell morrison hansen fernandez
  fernández garza harvey burton stanley jacobs reid fuller lynch gilbert garrett romero welch larson
  frazier burke hanson moreno bowman medina fowler brewer hoffman carlson silva pearson holland
  fleming jensen vargas byrd davidson
  patel shah singh kumar sharma gupta khan ali hussain hossain rahman chowdhury iqbal malik qureshi
  siddiqui reddy rao nair iyer menon bose banerjee chatterjee mukherjee joshi mehta desai kapoor
  verma mishra pandey yadav chaudhary okafor okonkwo okoro okeke eze nwosu obi adeyemi oluwole
  ogunleye bello mensah owusu boateng asante osei agyeman kamau otieno mwangi ochieng njoroge banda
  phiri moyo ndlovu dlamini nkosi haddad khalil nasser saleh salem farah chen wang zhang liu yang huang
  zhao zhou lin gao luo tanaka suzuki takahashi watanabe yamamoto nakamura kobayashi sato choi jung
  kang tran pham hoang phan dang bui ngo duong santos oliveira souza pereira carvalho almeida ribeiro
  ferreira rodrigues alves gomes martins araujo rossi russo ferrari esposito bianchi romano colombo
  ricci marino greco gallo conti müller mueller schneider fischer weber becker schulz kowalski nowak
  ivanov petrov smirnov popov kuznetsov cohen levy friedman
`);

/** Nouns that make the capitalised word before them an eponym ("Wilson disease", "Murphy sign"). */
const EPONYM_HEADS = set(`
  disease diseases syndrome sign signs test maneuver manoeuvre reflex triad law phenomenon palsy
  sarcoma lymphoma esophagus oesophagus point respiration criteria score scale classification rule
  murmur body bodies node nodes cell cells tumor tumour fracture ulcer thyroiditis encephalopathy
  dementia disorder anomaly procedure operation technique repair incision position method equation
  formula index grade stage type fever arthritis nodule nodules spots lines ring rings pouch space
  canal duct gland glands loop angle tetralogy clamp forceps retractor catheter tube needle scissors
  splint drain maneuvre hernia block approach incision stain
`);

/** The two-letter postal codes of the states (a five-digit number after one is a ZIP code). */
const STATE_CODES = set(`
  AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC
  ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY PR
`);

const STATES = set(`
  alabama alaska arizona arkansas california colorado connecticut delaware florida georgia hawaii idaho
  illinois indiana iowa kansas kentucky louisiana maine maryland massachusetts michigan minnesota
  mississippi missouri montana nebraska nevada ohio oklahoma oregon pennsylvania tennessee texas utah
  vermont washington wisconsin wyoming
`);

// ---- Pattern rules ----------------------------------------------------------------------------

/** Every match of `re` (global) as a hit; `group` marks the identifier inside a cued match. */
function matches(re: RegExp, kind: string | ((m: RegExpExecArray) => string), opts: { group?: number; accept?: (m: RegExpExecArray, line: string) => boolean } = {}): Rule {
  return (line) => {
    const hits: Hit[] = [];
    for (const m of line.matchAll(re)) {
      if (opts.accept && !opts.accept(m, line)) continue;
      const g = opts.group;
      const text = g === undefined ? m[0] : m[g];
      if (text === undefined) continue;
      // The group's own offset: the first place it occurs at or after the cue.
      const start = g === undefined ? m.index : m.index + m[0].lastIndexOf(text);
      hits.push({ start, end: start + text.length, kind: typeof kind === 'string' ? kind : kind(m) });
    }
    return hits;
  };
}

const hasDigit = (s: string) => /\d/.test(s);
/** A value after a cue word that can identify: it has a digit and is not a year or a span of years. */
const idLike = (s: string) => hasDigit(s) && !/^(?:19|20)\d{2}(?:[-/](?:19|20)?\d{2})?$/.test(s);
/** An identifier after a cue word: letters, digits and dashes, at least one digit. */
const ID_VALUE = String.raw`([A-Za-z0-9][A-Za-z0-9/-]{3,}[A-Za-z0-9])`;
/** "number", "no.", "#", "ID" and a colon, any of them, between a cue and its value. */
const CUE_TAIL = String.raw`(?:[ \t]*(?:number|num\.?|no\.?|nr\.?|#|id|code)\b\.?)?[ \t]*[:#]?[ \t]*(?:is[ \t]+)?`;
/** Cue words, one or more ("billing account number"), then the value. */
const cued = (cue: string) => new RegExp(String.raw`\b(?:${cue})(?:[ \t]+(?:${cue}))*${CUE_TAIL}${ID_VALUE}`, 'gi');

const MONTH = String.raw`(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)`;
const ORDINAL = String.raw`\d{1,2}(?:st|nd|rd|th)?`;

/** A house number, up to four capitalised words and a street type: "42 Maple Street". */
const STREET =
  /\b\d{1,6}[ \t]+(?:[NSEW]\.?[ \t]+)?(?:[A-Z][\p{L}'.-]*[ \t]+){1,4}(?:Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Court|Ct|Place|Pl|Way|Terrace|Ter|Circle|Cir|Highway|Hwy|Parkway|Pkwy|Square|Sq|Crescent|Close|Trail|Trl)\b\.?/u;

/** Words just before a temperature in Fahrenheit, which "99 F" must not be taken for an age. */
const TEMPERATURE_CUE = /\b(?:t|temp|temperature|tmax|tm|febrile|afebrile|fever|spiked|spiking|to)\W*$/i;

const RULES: readonly Rule[] = [
  matches(/(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g, KIND.email),
  matches(/\b(?:https?:\/\/|ftp:\/\/|www\.)[^\s<>"')\]]+|(?<![\w.-])[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|org|net|edu|gov|io|info|biz|us|uk|ca|ng)\b(?:\/[^\s<>"')\]]*)?/gi, KIND.url),
  matches(/(?<![\d.])(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?![\d.]*\d)/g, KIND.ip),
  matches(/(?<![\w:])(?:[0-9a-f]{1,4}:){7}[0-9a-f]{1,4}(?![\w:])|(?<![\w:])(?:[0-9a-f]{1,4}:){1,6}:(?:[0-9a-f]{1,4}(?::[0-9a-f]{1,4}){0,5})?(?![\w:])/gi, KIND.ip, {
    accept: (m) => /[0-9]/.test(m[0]) && m[0].length >= 6,
  }),
  // "@home" is shorthand for "at": a handle has a digit or underscore, or a network named before it.
  matches(/(?<![\w@])@[A-Za-z_][A-Za-z0-9_]{2,29}\b/g, KIND.handle, {
    accept: (m, line) => /[\d_]/.test(m[0]) || /\b(?:instagram|twitter|facebook|tiktok|snapchat|telegram|handle|username|IG|X)\b[^\n]{0,12}$/i.test(line.slice(0, m.index)),
  }),
  matches(/\b(?:SSN|SS#|social[ \t]+security)(?:[ \t]*(?:number|no\.?|#))?[ \t]*[:#]?[ \t]*(\d{3}[ -]?\d{2}[ -]?\d{4})\b/gi, KIND.ssn, { group: 1 }),
  matches(/\b\d{3}-\d{2}-\d{4}\b/g, KIND.ssn),
  matches(cued(String.raw`MRN|MR#|medical[ \t]+record|(?:record|chart|hospital|patient|pt)[ \t]+(?=id|number|no|#)`), KIND.mrn, {
    group: 1,
    accept: (m) => idLike(m[1]!),
  }),
  matches(
    cued(String.raw`member|beneficiary|subscriber|medicaid[ \t]+(?=id|number|no|#)|medicare[ \t]+(?=id|number|no|#)|insurance[ \t]+(?=id|number|no|#)|policy|health[ \t]+plan|group[ \t]+(?=number|no|#)|MBI`),
    KIND.plan,
    { group: 1, accept: (m) => idLike(m[1]!) && /(?:number|no|#|id|code|:|MBI|policy)/i.test(m[0]) },
  ),
  matches(cued(String.raw`VIN|vehicle[ \t]+identification`), KIND.vin, { group: 1, accept: (m) => idLike(m[1]!) }),
  matches(cued(String.raw`licen[cs]e[ \t]+plate|plate|tag|registration`), KIND.plate, {
    group: 1,
    // "LCP plate 10-hole" is hardware: a plate is capitals and digits only.
    accept: (m) => idLike(m[1]!) && /[A-Z]/.test(m[1]!) && !/[a-z]/.test(m[1]!),
  }),
  matches(cued(String.raw`account|acct|a\/c|billing|invoice|encounter|FIN|CSN|licen[cs]e|certificate|cert|passport|driver'?s[ \t]+licen[cs]e|DEA|NPI|permit|badge|employee`), KIND.account, {
    group: 1,
    accept: (m) => idLike(m[1]!) && /\d{3}/.test(m[1]!) && !/[a-z]{3}/.test(m[1]!),
  }),
  matches(cued(String.raw`serial|S\/N|SN|device|UDI|IMEI|lot[ \t]+(?=number|no|#)|model[ \t]+(?=number|no|#)|MAC[ \t]+address`), KIND.serial, {
    group: 1,
    // "serial 12-lead ECGs" is a test: a serial has no lowercase word in it.
    accept: (m) => idLike(m[1]!) && !/[a-z]{2}/.test(m[1]!),
  }),
  matches(/\bS\/?N-?\d[A-Z0-9-]{3,}\b/g, KIND.serial),
  matches(/\b(?:(?:fax|facsimile)(?:[ \t]*(?:number|no\.?|#))?[ \t]*[:#]?[ \t]*)(\+?\d[\d \t().-]{5,}\d)/gi, KIND.fax, { group: 1, accept: (m) => (m[1]!.match(/\d/g) ?? []).length >= 7 }),
  matches(/(?<![\w+])(?:\+?1[ \t.-]?)?(?:\(\d{3}\)[ \t.-]?|\d{3}[ \t.-])\d{3}[ \t.-]\d{4}\b/g, KIND.phone),
  matches(/(?<![\w+])\+\d{1,3}(?:[ \t.-]?\(?\d{1,4}\)?){2,5}\b/g, KIND.phone, { accept: (m) => { const n = (m[0].match(/\d/g) ?? []).length; return n >= 8 && n <= 15; } }),
  matches(/\b(?:phone|tel|telephone|cell|cellphone|mobile|call|called|calling|text|texted|whatsapp|reach(?:ed)?[ \t]+(?:him|her|them)?[ \t]*at|number)\b[^\n\d]{0,20}?(\d{3}[ \t.-]?\d{4}|\d{7,})\b/gi, KIND.phone, { group: 1 }),
  // Dates: any element finer than the year (Safe Harbor C). Years alone pass.
  // Two-digit years only with slashes: "5-10-20 mg" is a titration, "3/14/58" a date.
  matches(/\b\d{1,2}\/\d{1,2}\/\d{2}(?:\d{2})?\b|\b\d{1,2}[.-]\d{1,2}[.-]\d{4}\b/g, KIND.date),
  matches(/\b\d{4}[-/.]\d{1,2}[-/.]\d{1,2}\b/g, KIND.date),
  matches(new RegExp(String.raw`\b${MONTH}\.?[ \t]+${ORDINAL}\b(?:,?[ \t]+\d{4}\b)?`, 'g'), KIND.date),
  matches(new RegExp(String.raw`\b${ORDINAL}(?:[ \t]+of)?[ \t]+${MONTH}\b\.?(?:,?[ \t]+\d{4}\b)?`, 'g'), KIND.date),
  matches(new RegExp(String.raw`\b\d{1,2}-${MONTH}-\d{2,4}\b`, 'g'), KIND.date),
  matches(new RegExp(String.raw`\b${MONTH}\.?,?[ \t]+(?:19|20)\d{2}\b`, 'g'), KIND.date),
  matches(/\b(?:admitted|discharged|died|born|operated|transferred|DOB|D\.O\.B\.?)[ \t]+(?:on[ \t]+)?(?:the[ \t]+)?(\d{1,2}(?:st|nd|rd|th))\b/gi, KIND.date, { group: 1 }),
  // Ages over 89 (Safe Harbor C): "92 yo", "92-year-old", "aged 94", "92F"; "99 F" after "temp" is a fever.
  matches(/\b(?:9\d|1[0-4]\d)[ \t]*-?[ \t]*(?:y\/o|y\.o\.?|yo|yrs?|years?(?:[ \t-]*old)?|-?year-old|yr-old)(?![a-z])/gi, KIND.age),
  matches(/\b(?:age|aged)[ \t]*[:-]?[ \t]*(?:9\d|1[0-4]\d)\b/gi, KIND.age),
  matches(/\b(?:9\d|1[0-4]\d)[ \t]?[FM]\b/g, KIND.age, { accept: (m, line) => !TEMPERATURE_CUE.test(line.slice(Math.max(0, m.index - 16), m.index)) && line[m.index + m[0].length] !== '°' }),
  // Places smaller than a state (Safe Harbor B).
  matches(new RegExp(STREET.source, 'gu'), KIND.street),
  matches(/\bP\.?[ \t]?O\.?[ \t]+Box[ \t]+\d+|\b(?:Apt|Apartment|Suite|Ste)\.?[ \t]*#?[ \t]*\d+[A-Z]?\b/gi, KIND.street),
  matches(/\b[A-Z][a-z]+(?:[ \t]+[A-Z][a-z]+)?[ \t]+(?:County|Parish|Township|Borough|Precinct)\b/g, KIND.place),
  matches(/\b(?:[Ll]ives|[Ll]iving|[Ll]ived|[Rr]esides|[Rr]esiding|[Rr]esided)[ \t]+(?:in|at|near)[ \t]+((?:[A-Z][\p{Ll}'-]+)(?:[ \t]+[A-Z][\p{Ll}'-]+)*)/gu, KIND.place, {
    group: 1,
    accept: (m) => !STATES.has(m[1]!.toLowerCase()) && !m[1]!.split(/[ \t]+/).every((w) => STOP.has(w.toLowerCase())),
  }),
  matches(/\b\d{5}(?:-\d{4})?\b/g, KIND.zip, {
    accept: (m, line) => {
      if (m[0].includes('-') || m[0].startsWith('0')) return true;
      const before = line.slice(0, m.index);
      const word = /([A-Za-z]+)[ \t,]*$/.exec(before)?.[1] ?? '';
      return STATE_CODES.has(word) || STATES.has(word.toLowerCase()) || /\b(?:zip|postal|postcode)\b[^\d]{0,12}$/i.test(before) || STREET.test(before);
    },
  }),
  // Other identifying numbers (Safe Harbor R): long digit runs and letter-digit codes, unless a unit follows.
  matches(/(?<![\d.,])\d{7,}(?![\d.,]*\d)|\b[A-Z]{1,3}-?\d{6,}\b/g, KIND.id, {
    accept: (m, line) => !/^[ \t]*(?:copies|cells|iu|units|\/|per|mg|mcg|ml|%)/i.test(line.slice(m.index + m[0].length)),
  }),
];

// ---- Names ------------------------------------------------------------------------------------

interface Token {
  start: number;
  end: number;
  /** Lowercased, without a possessive 's. */
  key: string;
  possessive: boolean;
}

const TITLE_CASE = /(?<![\p{L}\p{N}])\p{Lu}[\p{Ll}\p{M}]+(?:['’-]\p{L}[\p{Ll}\p{M}]*)*(?:['’]s)?(?![\p{L}\p{N}])|(?<![\p{L}\p{N}])(?:Mc|Mac|O['’])\p{Lu}[\p{Ll}\p{M}]+(?![\p{L}\p{N}])/gu;

function titleTokens(line: string): Token[] {
  return [...line.matchAll(TITLE_CASE)].map((m) => {
    const possessive = /['’]s$/.test(m[0]);
    return { start: m.index, end: m.index + m[0].length, key: (possessive ? m[0].slice(0, -2) : m[0]).toLowerCase(), possessive };
  });
}

/** At the start of a sentence, a line, a bullet or a field: capitals there say nothing. */
function sentenceStart(line: string, at: number): boolean {
  const before = line.slice(0, at).replace(/[\s"'“‘([]+$/u, '');
  return before === '' || /[.!?:;•*–—-]$/.test(before);
}

/** A title or heading ("Grand Rounds: Heart Failure Management"): capitals there say nothing either. */
function headingLike(line: string): boolean {
  const ws = line.match(/\p{L}+/gu) ?? [];
  const lower = ws.filter((w) => /^\p{Ll}/u.test(w) && !STOP.has(w));
  return ws.length >= 2 && lower.length === 0;
}

const nextWord = (line: string, from: number): string => (/^['’]?s?[ \t]+(\p{L}+)/u.exec(line.slice(from))?.[1] ?? '').toLowerCase();

const TITLES = /\b(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Mister|Madam|Mme|Mlle|Sr|Sra|Srta)\b\.?[ \t]+(?:\p{Lu}\.[ \t]*)?(?=\p{Lu}\p{Ll})/gu;
const RELATIONS = /\b(?:wife|husband|son|daughter|mother|father|mum|mom|dad|brother|sister|partner|fiancée?|boyfriend|girlfriend|grandson|granddaughter|grandmother|grandfather|grandma|grandpa|niece|nephew|aunt|uncle|cousin|friend|neighbou?r|caregiver|carer|employer|boss|landlord|named|called|nicknamed|name[ \t]+(?:is|was))[ \t]*,?[ \t]+(?=\p{Lu}\p{Ll})/giu;

/** Words that are never a name, whatever their capitals. */
const notName = (t: Token): boolean => STOP.has(t.key) || EPONYM_HEADS.has(t.key);

function nameHits(line: string): Hit[] {
  const tokens = titleTokens(line);
  const at = new Map(tokens.map((t) => [t.start, t]));
  const hits: Hit[] = [];
  /** The token at `start` and the one right after it, when only spaces part them. */
  const pairFrom = (t: Token): Token | undefined => {
    const gap = /^[ \t]+/.exec(line.slice(t.end));
    return t.possessive || !gap ? undefined : at.get(t.end + gap[0].length);
  };
  const eponymous = (t: Token) => EPONYM_HEADS.has(nextWord(line, t.end));

  for (const m of line.matchAll(TITLES)) {
    const first = at.get(m.index + m[0].length);
    if (!first || notName(first)) continue;
    const second = pairFrom(first);
    hits.push({ start: m.index, end: (second && !notName(second) ? second : first).end, kind: KIND.titled });
  }
  for (const m of line.matchAll(RELATIONS)) {
    const t = at.get(m.index + m[0].length);
    if (t && !notName(t) && !EPONYMS.has(t.key)) hits.push({ start: t.start, end: t.end, kind: KIND.name });
  }

  const heading = headingLike(line);
  for (const t of tokens) {
    if (notName(t)) continue;
    const next = pairFrom(t);
    const pair = next && !notName(next) ? next : undefined;
    if (pair) {
      if (eponymous(pair)) continue;
      const listed = (GIVEN.has(t.key) && !EPONYMS.has(t.key)) || SURNAMES.has(pair.key);
      const unknown = !heading && !sentenceStart(line, t.start) && !EPONYMS.has(t.key) && !EPONYMS.has(pair.key);
      if (listed || unknown) {
        hits.push({ start: t.start, end: pair.end, kind: KIND.name });
        continue;
      }
    }
    if ((GIVEN.has(t.key) || SURNAMES.has(t.key)) && !eponymous(t)) hits.push({ start: t.start, end: t.end, kind: KIND.name });
  }
  return hits;
}

// ---- Scanner ----------------------------------------------------------------------------------

/** Column of a UTF-16 offset in code points, 1-based. */
const columnOf = (line: string, offset: number): number => [...line.slice(0, offset)].length + 1;

/**
 * Where `text` seems to hold protected health information, first to last. Overlapping matches
 * count once, by the more specific rule (an email's domain is not also a URL).
 */
export function scanForPhi(text: string): PhiFinding[] {
  const findings: PhiFinding[] = [];
  text.split(/\r\n|\r|\n/).forEach((line, i) => {
    const taken: Hit[] = [];
    for (const hit of [...RULES.flatMap((rule) => rule(line)), ...nameHits(line)])
      if (hit.end > hit.start && !taken.some((h) => hit.start < h.end && h.start < hit.end)) taken.push(hit);
    taken.sort((a, b) => a.start - b.start);
    for (const h of taken) findings.push({ line: i + 1, column: columnOf(line, h.start), kind: h.kind });
  });
  return findings;
}
