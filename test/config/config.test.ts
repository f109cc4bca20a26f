import { ConfigError, loadConfig } from '../../src/config';

function problemsOf(env: NodeJS.ProcessEnv): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems.map((p) => `${p.variable} ${p.message}`);
    throw error;
  }
  return [];
}

describe('configuration', () => {
  it('starts with defaults and the embedded database when nothing is set', () => {
    const config = loadConfig({});
    expect(config.port).toBe(3000);
    expect(config.database.uri).toBeUndefined();
    expect(config.defaultTimezone).toBe('UTC');
    expect(config.slack).toEqual({ enabled: false, missing: expect.arrayContaining(['SLACK_BOT_TOKEN']) });
    expect(config.teams.enabled).toBe(false);
  });

  it('takes fallback chart fonts as existing font files, and names a wrong one', () => {
    expect(loadConfig({}).chartFontFiles).toEqual([]);
    const font = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSerif.ttf');
    expect(loadConfig({ CHART_FONT_FILES: ` ${font} , ` }).chartFontFiles).toEqual([font]);
    expect(problemsOf({ CHART_FONT_FILES: '/nowhere/NotoSansCJK-Regular.ttc' })).toEqual([
      expect.stringMatching(/^CHART_FONT_FILES must list existing \.ttf, \.otf or \.ttc font files/),
    ]);
    expect(problemsOf({ CHART_FONT_FILES: __filename })).toHaveLength(1);
  });

  it('names every bad variable in one error', () => {
    const problems = problemsOf({
      PORT: 'eighty',
      TZ_DEFAULT: 'Mars/Olympus',
      MONGODB_URI: 'postgres://db',
      SLACK_BOT_TOKEN: 'xoxp-user-token',
      TEAMS_CLIENT_ID: 'abc',
      CHECKIN_PROMPT_HOUR: '25',
      LOG_FORMAT: 'xml',
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        'PORT must be a whole number from 0 to 65535',
        'TZ_DEFAULT is not an IANA timezone such as Europe/Berlin or UTC',
        'MONGODB_URI must start with mongodb:// or mongodb+srv://',
        'SLACK_BOT_TOKEN must be a bot token starting with xoxb-',
        'TEAMS_CLIENT_SECRET is required when any other TEAMS_ variable is set',
        'TEAMS_TENANT_ID is required when any other TEAMS_ variable is set',
        'CHECKIN_PROMPT_HOUR must be a whole number from 0 to 23',
        'LOG_FORMAT must be auto, json or pretty',
      ]),
    );
  });

  it('turns Slack on over HTTP with a bot token and signing secret, or Socket Mode with an app token', () => {
    const http = loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's3cret' });
    expect(http.slack).toMatchObject({ enabled: true, socketMode: false });
    const socket = loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1' });
    expect(socket.slack).toMatchObject({ enabled: true, socketMode: true });
    expect(problemsOf({ SLACK_SIGNING_SECRET: 's3cret' })).toContain(
      'SLACK_BOT_TOKEN is required when any other SLACK_ variable is set',
    );
  });

  it('takes a metrics token of 16 characters or more, and says why a short one is refused', () => {
    expect(loadConfig({}).metricsToken).toBeUndefined();
    expect(loadConfig({ METRICS_TOKEN: 'a-long-random-secret' }).metricsToken).toBe('a-long-random-secret');
    expect(problemsOf({ METRICS_TOKEN: 'short' }).join('\n')).toMatch(/METRICS_TOKEN must be at least 16 characters/);
  });

  it('treats empty values as unset, as .env.example leaves them', () => {
    const config = loadConfig({ MONGODB_URI: '', SLACK_BOT_TOKEN: '', TEAMS_CLIENT_ID: ' ' });
    expect(config.database.uri).toBeUndefined();
    expect(config.slack.enabled).toBe(false);
    expect(config.teams.enabled).toBe(false);
  });
});
