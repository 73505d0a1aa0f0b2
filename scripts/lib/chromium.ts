// Headless Debian chromium for the admin page's browser test and screenshot:
// puppeteer-core drives the system binary; nothing is downloaded.
import { access, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { launch } from 'puppeteer-core'
import type { Browser } from 'puppeteer-core'

/** Where chromium is looked for: `CHROMIUM_PATH`, else Debian's `/usr/bin/chromium`. */
export function chromiumPath (): string {
  return process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
}

/** The chromium binary, or undefined when there is none. */
export async function findChromium (): Promise<string | undefined> {
  const path = chromiumPath()
  try {
    await access(path)
    return path
  } catch {
    return undefined
  }
}

/** A headless browser with a throw-away profile; `close()` also deletes the profile. */
export interface HeadlessBrowser {
  browser: Browser
  close: () => Promise<void>
}

/** Starts headless chromium (no sandbox: CI runs as root) with a fresh profile and no background traffic. */
export async function launchChromium (executablePath: string, viewport = { width: 1280, height: 900 }): Promise<HeadlessBrowser> {
  const userDataDir = await mkdtemp(join(tmpdir(), 'intelmesh-chromium-'))
  const browser = await launch({
    executablePath,
    headless: true,
    userDataDir,
    defaultViewport: viewport,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-default-apps']
  })
  return {
    browser,
    close: async () => {
      await browser.close()
      await rm(userDataDir, { recursive: true, force: true })
    }
  }
}
