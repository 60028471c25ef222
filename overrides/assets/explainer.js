// The explainer's own script: small features, each mounted on Material's
// `document$`, which emits on the first load and after every instant navigation.
"use strict";

// == Tooltip (shared by glossary terms and citations) ======================

// == Sharing and arrival ===================================================
