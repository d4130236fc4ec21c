/**
 * The pages' only script (progressive enhancement: every page works without it). It makes
 * the countdowns of the deadline board tick: an element `<time data-countdown="ISO">` shows the
 * time left (or overdue) and updates each minute. Served as /app/assets/app.js from this
 * function's own source, so it is type-checked and linted like the rest.
 */
export function enhancePage(): void {
  // The browser's globals, typed as far as used (the project compiles without the DOM library).
  const page = (globalThis as unknown as { document: { documentElement: { lang: string }; querySelectorAll(selector: string): ArrayLike<{ dataset: { countdown?: string }; textContent: string | null }> } }).document;
  const format = (milliseconds: number, lang: string): string => {
    const minutes = Math.floor(Math.abs(milliseconds) / 60_000);
    const hours = Math.floor(minutes / 60);
    const rest = String(minutes % 60).padStart(2, '0');
    const amount = `${hours} ${lang === 'nl' ? 'u' : 'h'} ${rest} min`;
    if (milliseconds >= 0) return lang === 'nl' ? `nog ${amount}` : `${amount} left`;
    return lang === 'nl' ? `${amount} te laat` : `${amount} overdue`;
  };
  const tick = (): void => {
    const lang = page.documentElement.lang;
    for (const element of Array.from(page.querySelectorAll('[data-countdown]'))) {
      const deadline = Date.parse(element.dataset.countdown ?? '');
      if (!Number.isNaN(deadline)) element.textContent = format(deadline - Date.now(), lang);
    }
  };
  tick();
  setInterval(tick, 30_000);
}

/** The script file as served. */
export const APP_SCRIPT = `'use strict';\n(${enhancePage.toString()})();\n`;
