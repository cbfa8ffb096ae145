/**
 * Reference data for the seed generator: name pools per nationality, neighbours,
 * the network-wide route catalogue (real Latin American corridors), text templates.
 * Everything here is fixed: it does not depend on the seed or on the member.
 */

// ---- names ----------------------------------------------------------------------

export interface NamePool {
  female: readonly string[];
  male: readonly string[];
  /** Family names; repeats weight a name. */
  family: readonly string[];
  /** How many family names a person carries (Hispanic: two; Argentina and Haiti: mostly one). */
  familyCount: (r: () => number) => 1 | 2;
}

const HISPANIC_FEMALE = [
  'María', 'Ana', 'Lucía', 'Carmen', 'Rosa', 'Juana', 'Sofía', 'Valentina', 'Daniela', 'Gabriela', 'Camila', 'Isabel',
  'Flor', 'Yesenia', 'Milagros', 'Paola', 'Andrea', 'Marisol', 'Gladys', 'Elizabeth', 'Jazmín', 'Rocío', 'Katherine',
  'Fernanda', 'Guadalupe', 'Yuliana', 'Karen', 'Noemí', 'María José', 'Ana Lucía', 'Luz Marina', 'Diana', 'Patricia',
];
const HISPANIC_MALE = [
  'José', 'Juan', 'Luis', 'Carlos', 'Jorge', 'Miguel', 'Pedro', 'Andrés', 'Diego', 'Santiago', 'Wilmer', 'Edwin',
  'Ronald', 'Héctor', 'Fabián', 'Julio César', 'Jhon', 'Freddy', 'Óscar', 'Víctor', 'Ramiro', 'Nelson', 'Alexis',
  'Brayan', 'Kevin', 'Ángel', 'Franklin', 'Rubén', 'Marco Antonio', 'Gustavo', 'Juan Carlos', 'Luis Alberto', 'Mateo',
];
// Common across the region; Rodríguez and Quispe are in every Hispanic pool so that a search finds several.
const HISPANIC_FAMILY = [
  'Rodríguez', 'Rodríguez', 'Rodríguez', 'González', 'González', 'Gómez', 'Fernández', 'López', 'Díaz', 'Martínez',
  'Pérez', 'García', 'Sánchez', 'Romero', 'Sosa', 'Álvarez', 'Torres', 'Ruiz', 'Ramírez', 'Flores', 'Benítez',
  'Acosta', 'Medina', 'Herrera', 'Suárez', 'Aguirre', 'Gutiérrez', 'Rojas', 'Molina', 'Castro', 'Ortiz', 'Silva',
  'Núñez', 'Vargas', 'Morales', 'Ríos', 'Jiménez', 'Cárdenas', 'Castillo', 'Mendoza', 'Chávez', 'Vásquez', 'Reyes',
  'Cruz', 'Hernández', 'Ortega', 'Delgado', 'Guerrero', 'Salazar', 'Quispe',
];
const ANDEAN_FAMILY = [
  'Quispe', 'Quispe', 'Quispe', 'Quispe', 'Mamani', 'Mamani', 'Mamani', 'Condori', 'Condori', 'Huamán', 'Huamán',
  'Choque', 'Apaza', 'Chambi', 'Ticona', 'Yupanqui', 'Ccori', 'Cusi', 'Huanca', 'Layme', 'Poma', 'Calle', 'Limachi',
];
const ARGENTINE_FAMILY = ['Pereyra', 'Giménez', 'Ferreyra', 'Rossi', 'Romano', 'Ferrari', 'Villalba', 'Cabrera', 'Ledesma', 'Ojeda'];
const COLOMBIAN_FAMILY = ['Cardona', 'Restrepo', 'Ospina', 'Montoya', 'Zapata', 'Arango', 'Cárdenas', 'Valencia', 'Mosquera', 'Palacios'];
const VENEZUELAN_FAMILY = ['Contreras', 'Briceño', 'Rangel', 'Colmenares', 'Parra', 'Páez', 'Urdaneta', 'Marcano'];
const MESOAMERICAN_FAMILY = ['Hernández', 'Hernández', 'López', 'Martínez', 'Xol', 'Tzul', 'Coc', 'Ajú', 'Pop', 'Chávez', 'Aguilar', 'Ramos'];
const PARAGUAYAN_FAMILY = ['Benítez', 'Ayala', 'Villalba', 'Duarte', 'Cáceres', 'Insfrán', 'Cabañas', 'Ortiz', 'Báez'];
const CARIBBEAN_FAMILY = ['Peña', 'Guzmán', 'Mejía', 'Batista', 'Polanco', 'De la Cruz', 'Santana', 'Almonte'];

const PORTUGUESE: NamePool = {
  female: ['Maria', 'Ana', 'Francisca', 'Antônia', 'Adriana', 'Juliana', 'Márcia', 'Fernanda', 'Patrícia', 'Aline', 'Maria Aparecida', 'Luana'],
  male: ['João', 'José', 'Antônio', 'Francisco', 'Carlos', 'Paulo', 'Pedro', 'Lucas', 'Luiz', 'Marcos', 'João Pedro', 'Rafael'],
  family: ['Silva', 'Silva', 'Santos', 'Santos', 'Oliveira', 'Souza', 'Pereira', 'Lima', 'Carvalho', 'Ferreira', 'Rodrigues', 'Almeida', 'Costa', 'Gomes', 'Ribeiro', 'Martins', 'Araújo'],
  familyCount: (r) => (r() < 0.6 ? 2 : 1),
};
const HAITIAN: NamePool = {
  female: ['Marie', 'Rose', 'Nadège', 'Guerline', 'Fabiola', 'Mirlande', 'Wideline', 'Judith'],
  male: ['Jean', 'Pierre', 'Jacques', 'Wilner', 'Frantz', 'Jean Robert', 'Wesley', 'Evens'],
  family: ['Joseph', 'Joseph', 'Pierre', 'Jean-Baptiste', 'Louis', 'Charles', 'Dorvil', 'Saint-Fleur', 'Alexis', 'Étienne'],
  familyCount: () => 1,
};

const hispanic = (extra: readonly string[] = [], extraWeight = 1, twoNames = 0.92): NamePool => ({
  female: HISPANIC_FEMALE,
  male: HISPANIC_MALE,
  family: [...HISPANIC_FAMILY, ...Array.from({ length: extraWeight }, () => extra).flat()],
  familyCount: (r) => (r() < twoNames ? 2 : 1),
});

const POOLS: Record<string, NamePool> = {
  AR: hispanic(ARGENTINE_FAMILY, 1, 0.15),
  UY: hispanic(ARGENTINE_FAMILY, 1, 0.3),
  BO: hispanic(ANDEAN_FAMILY, 3),
  PE: hispanic(ANDEAN_FAMILY, 2),
  EC: hispanic(ANDEAN_FAMILY, 1),
  CL: hispanic(['Muñoz', 'Contreras', 'Sepúlveda', 'Fuentes', 'Tapia', 'Araya'], 2),
  CO: hispanic(COLOMBIAN_FAMILY, 2),
  VE: hispanic(VENEZUELAN_FAMILY, 2),
  PY: hispanic(PARAGUAYAN_FAMILY, 2),
  MX: hispanic(MESOAMERICAN_FAMILY, 1),
  GT: hispanic(MESOAMERICAN_FAMILY, 2),
  HN: hispanic(MESOAMERICAN_FAMILY, 1),
  SV: hispanic(MESOAMERICAN_FAMILY, 1),
  NI: hispanic(MESOAMERICAN_FAMILY, 1),
  CR: hispanic(['Solano', 'Vargas', 'Jiménez', 'Mora', 'Araya'], 1),
  PA: hispanic(['Batista', 'Caballero', 'De León', 'Samaniego'], 1),
  DO: hispanic(CARIBBEAN_FAMILY, 2),
  CU: hispanic(CARIBBEAN_FAMILY, 1),
  ES: hispanic(['García', 'Fernández', 'Moreno', 'Navarro'], 1),
  BR: PORTUGUESE,
  PT: PORTUGUESE,
  HT: HAITIAN,
};

export function namePool(nationality: string): NamePool {
  return POOLS[nationality] ?? hispanic();
}

/** Nicknames of suspects, as the police files record them. */
export const ALIASES = [
  'El Flaco', 'La Tía', 'Chino', 'El Gordo', 'Negro', 'La Patrona', 'El Profe', 'Mono', 'El Paisa', 'La Jefa', 'Coyote',
  'El Chamo', 'Pollero', 'La Madrina', 'Cholo', 'El Tigre', 'Don Lucho', 'El Tío', 'La Gringa', 'Chato', 'El Inge',
  'Gato', 'Baixinho', 'La Señora', 'El Mudo', 'Compadre',
];

// ---- countries ------------------------------------------------------------------

/** Land or river neighbours, and the usual foreign nationalities in a member's files. */
export const NEIGHBOURS: Record<string, readonly string[]> = {
  AR: ['BO', 'PY', 'PE', 'CL', 'UY', 'BR', 'DO', 'VE'],
  BO: ['PE', 'AR', 'CL', 'BR', 'PY'],
  BR: ['BO', 'PY', 'VE', 'HT', 'PE', 'CO', 'AR'],
  CL: ['PE', 'BO', 'AR', 'VE', 'HT', 'CO'],
  CO: ['VE', 'EC', 'PE', 'PA', 'BR'],
  CR: ['NI', 'PA', 'VE', 'CO'],
  CU: ['DO', 'MX', 'HT'],
  DO: ['HT', 'VE', 'CU'],
  EC: ['CO', 'PE', 'VE'],
  ES: ['CO', 'EC', 'PE', 'VE', 'DO', 'PY'],
  GT: ['MX', 'HN', 'SV'],
  HN: ['GT', 'SV', 'NI'],
  MX: ['GT', 'HN', 'SV', 'VE', 'CU', 'HT'],
  NI: ['HN', 'CR', 'CU'],
  PA: ['CO', 'CR', 'VE'],
  PE: ['BO', 'EC', 'VE', 'CO', 'CL'],
  PT: ['BR', 'VE'],
  PY: ['AR', 'BR', 'BO'],
  SV: ['GT', 'HN'],
  UY: ['AR', 'BR', 'VE', 'CU'],
  VE: ['CO', 'BR', 'TT'],
};
const DEFAULT_NEIGHBOURS = ['VE', 'CO', 'BO', 'PY', 'PE'];

export function neighboursOf(country: string): readonly string[] {
  return NEIGHBOURS[country] ?? DEFAULT_NEIGHBOURS;
}

/** Nationalities of smuggled migrants, weighted (Venezuelan, Haitian, Cuban … flows of the 2020s). */
export const MIGRANT_NATIONALITIES: ReadonlyArray<readonly [string, number]> = [
  ['VE', 10], ['HT', 4], ['EC', 4], ['CO', 3], ['CU', 3], ['BO', 2], ['HN', 2], ['GT', 2], ['SV', 1], ['NI', 1], ['DO', 1], ['PE', 1],
];

// ---- routes ---------------------------------------------------------------------

export type Mode = 'LAND' | 'SEA' | 'AIR' | 'RIVER';
export type RouteKind = 'TIP' | 'SOM' | 'BOTH';

export interface RouteDefinition {
  code: string;
  kind: RouteKind;
  /** Stops in order, `[country, locality]`; leg i goes from stop i to stop i+1 by modes[i]. */
  stops: ReadonlyArray<readonly [string, string]>;
  modes: readonly Mode[];
  modusOperandi: string;
}

/** `route(kind, mo, 'BO El Alto', 'LAND', 'BO Villazón', …)`: stops and modes alternate. */
function route(kind: RouteKind, modusOperandi: string, ...path: string[]): Omit<RouteDefinition, 'code'> {
  const stops: Array<readonly [string, string]> = [];
  const modes: Mode[] = [];
  path.forEach((part, i) => {
    if (i % 2 === 0) stops.push([part.slice(0, 2), part.slice(3)] as const);
    else modes.push(part as Mode);
  });
  return { kind, stops, modes, modusOperandi };
}

/**
 * The route codes agreed network-wide, RT-0001 … RT-0040. The same code means the
 * same corridor for every member; each member contributes its own observations.
 */
export const ROUTES: readonly RouteDefinition[] = [
  route('BOTH', 'Recruitment in El Alto through radio and social-media offers of sewing work; bus to the border, crossing at Villazón–La Quiaca with documents held by the recruiter; labour exploitation in clandestine textile workshops.',
    'BO El Alto', 'LAND', 'BO Villazón', 'LAND', 'AR La Quiaca', 'LAND', 'AR Buenos Aires'),
  route('SOM', 'Crossings through informal paths (trochas) beside the official bridges, guided by paid trocheros; bus stages along the Pan-American Highway with a payment at each border.',
    'VE San Antonio del Táchira', 'LAND', 'CO Cúcuta', 'LAND', 'CO Ipiales', 'LAND', 'EC Tulcán', 'LAND', 'EC Huaquillas', 'LAND', 'PE Tumbes', 'LAND', 'PE Lima'),
  route('SOM', 'Boats from Necoclí across the Gulf of Urabá, then several days on foot through the Darién jungle with guides; canoe transfer to the reception station and buses to the Costa Rican border.',
    'CO Necoclí', 'SEA', 'CO Acandí', 'LAND', 'PA Darién', 'RIVER', 'PA Lajas Blancas', 'LAND', 'CR Paso Canoas'),
  route('SOM', 'Night crossings of the desert border on foot avoiding the checkpoint at Chacalluta, with a guide paid in advance.',
    'PE Tacna', 'LAND', 'CL Arica', 'LAND', 'CL Santiago'),
  route('TIP', 'River crossing in small boats at the triple border; young women moved to nightclubs and private flats and kept under debt.',
    'PY Ciudad del Este', 'RIVER', 'AR Puerto Iguazú', 'LAND', 'AR Buenos Aires'),
  route('TIP', 'Recruitment with offers of work as cooks or waitresses; exploitation in bars (prostibares) and informal gold-mining camps of Madre de Dios.',
    'BO Desaguadero', 'LAND', 'PE Puno', 'LAND', 'PE Puerto Maldonado'),
  route('TIP', 'Flights with tourist status and invitation letters; sexual exploitation in flats at destination, debt for the fare.',
    'EC Quito', 'AIR', 'ES Madrid'),
  route('SOM', 'Flights to Cancún with tourist status, onward by bus and domestic flights to the northern border, crossing with a smuggler.',
    'CO Bogotá', 'AIR', 'MX Cancún', 'LAND', 'MX Ciudad de México', 'AIR', 'MX Tijuana', 'LAND', 'US San Diego'),
  route('SOM', 'Departures at night in overloaded wooden boats (yolas) across the Mona Passage.',
    'DO Miches', 'SEA', 'PR Aguadilla'),
  route('SOM', 'Buses and freight trains from the southern border to the north; stash houses before the crossing.',
    'MX Tapachula', 'LAND', 'MX Ciudad de México', 'LAND', 'MX Ciudad Juárez', 'LAND', 'US El Paso'),
  route('SOM', 'Rafts across the Suchiate river, then motorcycle taxis around the checkpoints.',
    'GT Tecún Umán', 'RIVER', 'MX Ciudad Hidalgo', 'LAND', 'MX Tapachula'),
  route('TIP', 'Bus through the eastern border; workers housed in the workshops where they sew, with wages withheld until the fare is repaid.',
    'BO Santa Cruz de la Sierra', 'LAND', 'BO Puerto Quijarro', 'LAND', 'BR Corumbá', 'LAND', 'BR São Paulo'),
  route('BOTH', 'Crossing at the Pacaraima border post or by paths around it; recruitment of newly arrived women and adolescents in shelters.',
    'VE Santa Elena de Uairén', 'LAND', 'BR Pacaraima', 'LAND', 'BR Boa Vista'),
  route('TIP', 'Transport by river boats down the Amazon; labour exploitation in logging and fishing at the triple border.',
    'PE Iquitos', 'RIVER', 'PE Santa Rosa', 'RIVER', 'CO Leticia', 'LAND', 'BR Tabatinga'),
  route('TIP', 'Direct flights paid by the recruiter; victims met at the airport and taken to flats.',
    'PE Lima', 'AIR', 'AR Buenos Aires'),
  route('TIP', 'Boat crossing of the Paraguay river; domestic servitude and sexual exploitation in the capital.',
    'PY Asunción', 'RIVER', 'AR Clorinda', 'LAND', 'AR Buenos Aires'),
  route('SOM', 'Groups gathered in San Pedro Sula, crossing into Guatemala at Agua Caliente, onward to Tenosique and the northeast; crossing of the Río Bravo by raft.',
    'HN San Pedro Sula', 'LAND', 'HN Agua Caliente', 'LAND', 'GT Esquipulas', 'LAND', 'GT El Ceibo', 'LAND', 'MX Tenosique', 'LAND', 'MX Reynosa', 'RIVER', 'US McAllen'),
  route('TIP', 'Flights with a visa-free stay; passports retained on arrival, debt bondage in clubs.',
    'CO Medellín', 'AIR', 'ES Madrid'),
  route('BOTH', 'Crossings at Paraguachón and along the Guajira paths; recruitment for sexual exploitation in the Caribbean coast.',
    'VE Maracaibo', 'LAND', 'CO Paraguachón', 'LAND', 'CO Barranquilla'),
  route('SOM', 'Altiplano crossing on foot at over 3,600 m at Pisiga–Colchane, outside the border post; vans to Iquique.',
    'BO Pisiga', 'LAND', 'CL Colchane', 'LAND', 'CL Iquique', 'LAND', 'CL Santiago'),
  route('SOM', 'Flights to Central America, then overland in vans to the Mexican border.',
    'EC Guayaquil', 'AIR', 'SV San Salvador', 'LAND', 'GT Guatemala', 'LAND', 'MX Tapachula'),
  route('SOM', 'Crossings of the Massacre river at the border market; transport hidden in trucks to the capital.',
    'HT Ouanaminthe', 'LAND', 'DO Dajabón', 'LAND', 'DO Santo Domingo'),
  route('TIP', 'Seasonal workers recruited for agriculture; housing in the farms and wages withheld.',
    'NI Rivas', 'LAND', 'CR Peñas Blancas', 'LAND', 'CR San José'),
  route('SOM', 'Crossings at the Iñapari–Assis Brasil bridge by groups brought from Lima, with payment to drivers.',
    'PE Iñapari', 'LAND', 'BR Assis Brasil', 'LAND', 'BR Rio Branco'),
  route('TIP', 'Recruitment through modelling agencies; flights to Europe and exploitation in clubs.',
    'AR Buenos Aires', 'AIR', 'ES Barcelona'),
  route('SOM', 'Flights to Managua (visa-free), then vans to the Honduran border at Trojes and onward north.',
    'CU La Habana', 'AIR', 'NI Managua', 'LAND', 'HN Trojes', 'LAND', 'GT Guatemala', 'LAND', 'MX Tapachula'),
  route('TIP', 'Recruitment of families for the grape harvest; housing in the farms, documents retained by the foreman.',
    'BO Yacuiba', 'LAND', 'AR Salvador Mazza', 'LAND', 'AR Mendoza'),
  route('TIP', 'Recruitment in the border twin cities for domestic work and exploitation in the south of Brazil.',
    'UY Rivera', 'LAND', 'BR Santana do Livramento', 'LAND', 'BR Porto Alegre'),
  route('TIP', 'Young women flown to Lima and taken by bus to the mining camp of La Rinconada, exploited in bars.',
    'CO Bogotá', 'AIR', 'PE Lima', 'LAND', 'PE Juliaca', 'LAND', 'PE La Rinconada'),
  route('SOM', 'Crossings hidden in vehicles at the San Ysidro port of entry or over the fence.',
    'MX Tijuana', 'LAND', 'US San Diego'),
  route('TIP', 'Adolescents from the highlands brought to the capital for domestic servitude through relatives (padrinazgo).',
    'PE Huancavelica', 'LAND', 'PE Lima'),
  route('BOTH', 'Night crossings of the Gulf of Paria in fishing boats (peñeros); women held in bars on arrival.',
    'VE Güiria', 'SEA', 'TT Port of Spain'),
  route('SOM', 'Fast boats from San Andrés to the Nicaraguan Caribbean, then overland north.',
    'CO San Andrés', 'SEA', 'NI Corn Island', 'SEA', 'NI Bluefields', 'LAND', 'HN Trojes'),
  route('TIP', 'Indigenous children taken by intermediaries for street vending and forced begging in Colombian cities.',
    'EC Otavalo', 'LAND', 'EC Tulcán', 'LAND', 'CO Ipiales', 'LAND', 'CO Bogotá'),
  route('TIP', 'Recruitment at the dry border of Pedro Juan Caballero for textile and domestic work in São Paulo.',
    'PY Pedro Juan Caballero', 'LAND', 'BR Ponta Porã', 'LAND', 'BR São Paulo'),
  route('SOM', 'Flights to Mexico City, buses to the northeastern border, crossing of the Río Bravo.',
    'GT Guatemala', 'AIR', 'MX Ciudad de México', 'LAND', 'MX Nuevo Laredo', 'RIVER', 'US Laredo'),
  route('TIP', 'Recruitment through social media for work in Europe; passports retained on arrival.',
    'BR São Paulo', 'AIR', 'PT Lisboa'),
  route('TIP', 'Women recruited with offers of work in hairdressing; flights and exploitation in flats.',
    'DO Santo Domingo', 'AIR', 'AR Buenos Aires'),
  route('TIP', 'Bridge crossing at Encarnación–Posadas; domestic servitude and sexual exploitation inland.',
    'PY Encarnación', 'LAND', 'AR Posadas', 'LAND', 'AR Córdoba'),
  route('SOM', 'Crossings of the Andes outside the Cristo Redentor pass, in winter at great risk.',
    'CL Santiago', 'LAND', 'AR Mendoza'),
].map((r, i) => ({ ...r, code: routeCode(i + 1) }));

export function routeCode(n: number): string {
  return `RT-${String(n).padStart(4, '0')}`;
}

export function routeByCode(code: string): RouteDefinition {
  const r = ROUTES[Number(code.slice(3)) - 1];
  if (!r) throw new Error(`unknown route code ${code}`);
  return r;
}

/** Details a member adds to its observation of a route. */
export const OBSERVATION_DETAILS = [
  'Fares paid in cash or by mobile transfers to relatives of the organisers.',
  'Recruiters active on Facebook, TikTok and WhatsApp groups.',
  'Lodging in rented rooms near the bus terminal before each stage.',
  'Possible complicity of officials at the crossing point is under investigation.',
  'Prices between USD 300 and 1,500 per person depending on the stage.',
  'Groups of 10 to 30 persons, often families with children.',
  'Victims told to declare tourism at the border and given cash to show.',
  'Forged birth certificates used for minors travelling without their parents.',
];

// ---- cases ----------------------------------------------------------------------

export type Exploitation = 'sexual' | 'labour' | 'begging' | 'servitude';

export const EXPLOITATION: ReadonlyArray<readonly [Exploitation, number]> = [['sexual', 5], ['labour', 4], ['servitude', 1], ['begging', 1]];

/** The form of exploitation as a noun phrase: "subjected to {activity}" / "sometidos a {activity}". */
export const ACTIVITY: Record<Exploitation, { en: readonly string[]; es: readonly string[] }> = {
  sexual: {
    en: ['sexual exploitation in nightclubs', 'sexual exploitation in private flats', 'sexual exploitation in bars'],
    es: ['explotación sexual en clubes nocturnos', 'explotación sexual en departamentos privados', 'explotación sexual en bares'],
  },
  labour: {
    en: ['forced labour in textile workshops', 'forced labour in agriculture', 'forced labour in informal mining', 'forced labour on construction sites', 'forced labour on fishing boats'],
    es: ['trabajo forzoso en talleres textiles', 'trabajo forzoso en la agricultura', 'trabajo forzoso en la minería informal', 'trabajo forzoso en la construcción', 'trabajo forzoso en embarcaciones pesqueras'],
  },
  servitude: { en: ['domestic servitude in private homes'], es: ['servidumbre doméstica en casas particulares'] },
  begging: { en: ['forced begging in the streets'], es: ['mendicidad forzada en la vía pública'] },
};

/**
 * Summary templates. Placeholders: {victims} {migrants} {persons} (a number and a noun),
 * {origin} {destination} {border} (places), {fee} (USD), {activity} (see ACTIVITY).
 */
export const SUMMARIES: Record<'TIP' | 'SOM' | 'BOTH', { en: readonly string[]; es: readonly string[] }> = {
  TIP: {
    en: [
      '{victims} recruited in {origin} with false offers of work and subjected to {activity} in {destination}.',
      'Network recruiting young people in {origin} through social media for {activity} in {destination}; identity documents retained and debts imposed.',
      'Case of {persons} subjected to {activity} in {destination}, with wages withheld and movement restricted by the employers.',
    ],
    es: [
      'Captación de {victims} en {origin} mediante ofertas de empleo falsas para {activity} en {destination}.',
      'Red que captaba jóvenes en {origin} a través de redes sociales para {activity} en {destination}; retención de documentos y deudas impuestas.',
      'Caso de {persons} en situación de {activity} en {destination}, con retención de salarios y restricción de la libertad de movimiento.',
    ],
  },
  SOM: {
    en: [
      'Smuggling of {migrants} from {origin} to {destination} for a payment of USD {fee} per person.',
      'Organised network charging USD {fee} per person to move migrants across the border at {border}.',
      'Facilitation of the irregular entry of {migrants} through {border}, with transport and lodging provided by the network.',
    ],
    es: [
      'Tráfico ilícito de {migrants} desde {origin} hasta {destination} a cambio de USD {fee} por persona.',
      'Organización que cobraba USD {fee} por persona para el paso irregular de migrantes por {border}.',
      'Facilitación del ingreso irregular de {migrants} por {border}, con transporte y alojamiento provistos por la red.',
    ],
  },
  BOTH: {
    en: ['Migrants smuggled from {origin} were held on arrival in {destination} and subjected to {activity} to pay a debt of USD {fee}; {migrants} identified.'],
    es: ['Migrantes trasladados irregularmente desde {origin} fueron retenidos a su llegada a {destination} y sometidos a {activity} para pagar una deuda de USD {fee}; se identificó a {migrants}.'],
  },
};

/** "{victims}" and friends: a count with its noun, in either language. */
export function counted(kind: 'victims' | 'migrants' | 'persons', n: number, lang: 'en' | 'es'): string {
  const words = {
    victims: { en: ['one victim', 'victims'], es: ['una víctima', 'víctimas'] },
    migrants: { en: ['one migrant', 'migrants'], es: ['un migrante', 'migrantes'] },
    persons: { en: ['one person', 'persons'], es: ['una persona', 'personas'] },
  }[kind][lang];
  return n === 1 ? words[0] : `${n} ${words[1]}`;
}

export const RELATED_OFFENCE_NOTES: Record<string, { en: string; es: string }> = {
  DOCUMENT_FRAUD: { en: ' Forged identity documents were seized.', es: ' Se incautaron documentos de identidad falsificados.' },
  MONEY_LAUNDERING: { en: ' Proceeds were laundered through money transfers and real estate.', es: ' Las ganancias se blanqueaban mediante giros y bienes inmuebles.' },
  ORGANISED_CRIME: { en: ' The group had a stable structure with recruiters, transporters and collectors.', es: ' El grupo tenía una estructura estable de captadores, transportistas y cobradores.' },
  CORRUPTION: { en: ' A border official is investigated for taking bribes.', es: ' Se investiga a un funcionario de frontera por cobro de sobornos.' },
};

export const H3_CONDITIONS = [
  'Use only to coordinate the joint operation; consult the owner before any arrest or search.',
  'Not to be passed to third countries; use in court only after a formal mutual legal assistance request.',
  'Protected witness involved: no contact with the persons named without the owner’s prior consent.',
  'Covert investigation in progress: do not query other databases with these identifiers before the agreed date.',
];

// ---- the secretariat's directory -------------------------------------------------

/** Names of the member offices in the directory; other codes get `Fiscalía <code>`. */
export const MEMBER_NAMES: Record<string, string> = {
  AR: 'Procuración de Trata y Explotación de Personas (PROTEX), Argentina',
  CO: 'Fiscalía General de la Nación, Colombia',
  PE: 'Ministerio Público – Fiscalía de la Nación, Perú',
};
