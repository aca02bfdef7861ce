/** The app's one tool: get_weather, backed by the mock's /api/weather. */

export const WEATHER_TOOL = {
  name: 'get_weather',
  description: 'Current weather for a city',
  parameters: {
    type: 'object',
    properties: { city: { type: 'string', description: 'City name, e.g. Oslo' } },
    required: ['city'],
  },
} as const;

export interface Weather {
  city: string;
  temperature_c: number;
  conditions: string;
  wind_kmh: number;
}

export async function getWeather(args: { city?: unknown }, signal: AbortSignal): Promise<Weather> {
  if (typeof args.city !== 'string' || args.city.trim() === '') throw new Error('get_weather needs a city');
  const response = await fetch(`/api/weather?city=${encodeURIComponent(args.city)}`, { signal });
  if (response.status === 404) throw new Error(`unknown city "${args.city}"`);
  if (!response.ok) throw new Error(`weather service: HTTP ${response.status}`);
  return (await response.json()) as Weather;
}
