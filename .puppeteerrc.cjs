// skimscan uses puppeteer-core and a browser found on the machine; never download one.
module.exports = { skipDownload: true };
