// What the browser says about itself: a headful Chrome of the same version, with client hints.

export interface UserAgentOverride {
  userAgent: string;
  acceptLanguage: string;
  platform: string;
  userAgentMetadata: {
    brands: Array<{ brand: string; version: string }>;
    fullVersionList: Array<{ brand: string; version: string }>;
    fullVersion: string;
    platform: string;
    platformVersion: string;
    architecture: string;
    model: string;
    mobile: boolean;
    bitness: string;
    wow64: boolean;
  };
}

export function stealthUserAgent(browserUa: string): UserAgentOverride {
  const userAgent = browserUa.replace(/HeadlessChrome/g, 'Chrome');
  const full = /Chrome\/([\d.]+)/.exec(userAgent)?.[1] ?? '120.0.0.0';
  const major = full.split('.')[0]!;
  const brands = [{ brand: 'Chromium', version: major }, { brand: 'Google Chrome', version: major }, { brand: 'Not_A Brand', version: '24' }];
  const mobile = /Mobile/.test(userAgent);
  return {
    userAgent,
    // navigator.languages is this list as given: q-values would show up in it
    acceptLanguage: 'en-US,en',
    platform: /Windows/.test(userAgent) ? 'Win32' : /Mac OS/.test(userAgent) ? 'MacIntel' : 'Linux x86_64',
    userAgentMetadata: {
      brands, fullVersionList: brands.map((b) => ({ brand: b.brand, version: b.brand === 'Not_A Brand' ? '24.0.0.0' : full })),
      fullVersion: full, platform: /Windows/.test(userAgent) ? 'Windows' : /Mac OS/.test(userAgent) ? 'macOS' : 'Linux',
      platformVersion: '6.5.0', architecture: 'x86', model: '', mobile, bitness: '64', wow64: false,
    },
  };
}
