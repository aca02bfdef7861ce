/** The mock weather service behind the demo's `get_weather` tool. */
export interface Weather {
  city: string;
  temperature_c: number;
  conditions: string;
  wind_kmh: number;
}

const WEATHER: Record<string, Omit<Weather, 'city'>> = {
  oslo: { temperature_c: 4, conditions: 'light rain', wind_kmh: 18 },
  paris: { temperature_c: 12, conditions: 'cloudy', wind_kmh: 11 },
  lisbon: { temperature_c: 19, conditions: 'sunny', wind_kmh: 9 },
  tokyo: { temperature_c: 15, conditions: 'clear', wind_kmh: 7 },
  london: { temperature_c: 10, conditions: 'drizzle', wind_kmh: 15 },
  berlin: { temperature_c: 6, conditions: 'overcast', wind_kmh: 13 },
  'new york': { temperature_c: 9, conditions: 'windy', wind_kmh: 31 },
  'san francisco': { temperature_c: 16, conditions: 'fog', wind_kmh: 20 },
};

export const KNOWN_CITIES = Object.keys(WEATHER);

/** The weather in a city, or undefined for a city the service does not know. */
export function lookupWeather(city: string): Weather | undefined {
  const found = WEATHER[city.trim().toLowerCase()];
  return found && { city: titleCase(city.trim()), ...found };
}

function titleCase(text: string): string {
  return text.toLowerCase().replace(/\b\w/g, (c) => c.toUpperCase());
}
