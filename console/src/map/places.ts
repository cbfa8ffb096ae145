/**
 * Where the seed catalogue's places are, `[latitude, longitude]`, keyed `'CC Locality'`. The API's
 * Place has no coordinates (a member records a country and a locality), so the console keeps them;
 * tests/unit/console/units.test.ts checks that every stop of scripts/src/seed/catalogue.ts's routes has a
 * place here.
 */
export const PLACE_COORDINATES: Readonly<Record<string, readonly [number, number]>> = {
  'BO El Alto': [-16.50, -68.19], 'BO Villazón': [-22.09, -65.60], 'AR La Quiaca': [-22.10, -65.60],
  'AR Buenos Aires': [-34.60, -58.38], 'VE San Antonio del Táchira': [7.81, -72.44], 'CO Cúcuta': [7.89, -72.50],
  'CO Ipiales': [0.83, -77.64], 'EC Tulcán': [0.81, -77.72], 'EC Huaquillas': [-3.48, -80.23],
  'PE Tumbes': [-3.57, -80.45], 'PE Lima': [-12.05, -77.04], 'CO Necoclí': [8.43, -76.78],
  'CO Acandí': [8.51, -77.28], 'PA Darién': [8.40, -77.90], 'PA Lajas Blancas': [8.27, -77.93],
  'CR Paso Canoas': [8.53, -82.84], 'PE Tacna': [-18.01, -70.25], 'CL Arica': [-18.48, -70.31],
  'CL Santiago': [-33.45, -70.67], 'PY Ciudad del Este': [-25.51, -54.61], 'AR Puerto Iguazú': [-25.60, -54.57],
  'BO Desaguadero': [-16.57, -69.04], 'PE Puno': [-15.84, -70.02], 'PE Puerto Maldonado': [-12.59, -69.19],
  'EC Quito': [-0.18, -78.47], 'ES Madrid': [40.42, -3.70], 'CO Bogotá': [4.71, -74.07],
  'MX Cancún': [21.16, -86.85], 'MX Ciudad de México': [19.43, -99.13], 'MX Tijuana': [32.51, -117.04],
  'US San Diego': [32.72, -117.16], 'DO Miches': [18.98, -69.05], 'PR Aguadilla': [18.43, -67.15],
  'MX Tapachula': [14.90, -92.26], 'MX Ciudad Juárez': [31.69, -106.42], 'US El Paso': [31.76, -106.49],
  'GT Tecún Umán': [14.67, -92.14], 'MX Ciudad Hidalgo': [14.68, -92.15],
  'BO Santa Cruz de la Sierra': [-17.78, -63.18], 'BO Puerto Quijarro': [-17.78, -57.77],
  'BR Corumbá': [-19.01, -57.65], 'BR São Paulo': [-23.55, -46.63], 'VE Santa Elena de Uairén': [4.60, -61.11],
  'BR Pacaraima': [4.48, -61.15], 'BR Boa Vista': [2.82, -60.67], 'PE Iquitos': [-3.75, -73.25],
  'PE Santa Rosa': [-4.22, -69.96], 'CO Leticia': [-4.21, -69.94], 'BR Tabatinga': [-4.25, -69.94],
  'PY Asunción': [-25.26, -57.58], 'AR Clorinda': [-25.28, -57.72], 'HN San Pedro Sula': [15.50, -88.03],
  'HN Agua Caliente': [14.43, -89.18], 'GT Esquipulas': [14.56, -89.35], 'GT El Ceibo': [17.25, -90.99],
  'MX Tenosique': [17.47, -91.42], 'MX Reynosa': [26.08, -98.29], 'US McAllen': [26.20, -98.23],
  'CO Medellín': [6.24, -75.58], 'VE Maracaibo': [10.64, -71.61], 'CO Paraguachón': [11.36, -72.13],
  'CO Barranquilla': [10.96, -74.80], 'BO Pisiga': [-19.26, -68.64], 'CL Colchane': [-19.28, -68.63],
  'CL Iquique': [-20.21, -70.15], 'EC Guayaquil': [-2.19, -79.89], 'SV San Salvador': [13.69, -89.22],
  'GT Guatemala': [14.63, -90.51], 'HT Ouanaminthe': [19.55, -71.72], 'DO Dajabón': [19.55, -71.71],
  'DO Santo Domingo': [18.49, -69.93], 'NI Rivas': [11.44, -85.83], 'CR Peñas Blancas': [11.21, -85.61],
  'CR San José': [9.93, -84.08], 'PE Iñapari': [-10.95, -69.58], 'BR Assis Brasil': [-10.94, -69.57],
  'BR Rio Branco': [-9.97, -67.81], 'ES Barcelona': [41.39, 2.17], 'CU La Habana': [23.11, -82.37],
  'NI Managua': [12.11, -86.24], 'HN Trojes': [14.06, -85.98], 'BO Yacuiba': [-22.02, -63.68],
  'AR Salvador Mazza': [-22.05, -63.69], 'AR Mendoza': [-32.89, -68.83], 'UY Rivera': [-30.90, -55.55],
  'BR Santana do Livramento': [-30.89, -55.53], 'BR Porto Alegre': [-30.03, -51.23], 'PE Juliaca': [-15.50, -70.13],
  'PE La Rinconada': [-14.63, -69.45], 'PE Huancavelica': [-12.79, -74.97], 'VE Güiria': [10.57, -62.30],
  'TT Port of Spain': [10.66, -61.51], 'CO San Andrés': [12.58, -81.70], 'NI Corn Island': [12.17, -83.06],
  'NI Bluefields': [12.01, -83.76], 'EC Otavalo': [0.23, -78.26], 'PY Pedro Juan Caballero': [-22.55, -55.73],
  'BR Ponta Porã': [-22.54, -55.73], 'MX Nuevo Laredo': [27.48, -99.52], 'US Laredo': [27.51, -99.51],
  'PT Lisboa': [38.72, -9.14], 'PY Encarnación': [-27.34, -55.87], 'AR Posadas': [-27.37, -55.90],
  'AR Córdoba': [-31.42, -64.18],
};

/** A place's coordinates, or undefined for a place not in the catalogue (one a member entered itself). */
export function coordinatesOf(place: { country?: string | null; locality?: string | null } | null | undefined): readonly [number, number] | undefined {
  if (!place?.country || !place.locality) return undefined;
  return PLACE_COORDINATES[`${place.country} ${place.locality}`];
}
