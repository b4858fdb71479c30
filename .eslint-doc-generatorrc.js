/** @type {import('eslint-doc-generator').GenerateOptions} */
export default {
  configEmoji: [
    ['recommended', '✅'],
    ['strict', '🔒'],
    ['all', '🌐'],
  ],
  ruleListColumns: ['name', 'description', 'configsError', 'configsWarn', 'fixableAndHasSuggestions', 'options'],
  ruleDocNotices: ['description', 'configs', 'fixableAndHasSuggestions', 'options'],
  ruleDocTitleFormat: 'prefix-name',
  // Every page has an Options section, saying "This rule has no options." when it has none;
  // test/consistency.test.ts checks that each named option is described.
  ruleDocSectionInclude: ['Examples', 'Options', 'When not to use it'],
  ruleDocSectionOptions: false,
  urlConfigs: 'https://github.com/eslint-plugin-tango/eslint-plugin-tango#configs',
};
