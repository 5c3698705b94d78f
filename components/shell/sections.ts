/** The app's sections (DESIGN.md), in navigation order. `pending` says what the section will
 * hold, shown as its empty state until it is built. */
export interface Section {
  slug: string;
  label: string;
  pending?: string;
}

export const SECTIONS: Section[] = [
  { slug: "datasets", label: "Datasets", pending: "Versioned OHLCV datasets: CSV and Parquet upload with a validation report, and candlestick charts with indicator overlays." },
  { slug: "experiments", label: "Experiments", pending: "Experiments group tracked runs, with their params, metrics, tags and artifacts." },
  { slug: "runs", label: "Runs", pending: "Every tracked run, searchable with MLflow's filter syntax." },
  { slug: "compare", label: "Compare", pending: "Two to ten runs side by side: param differences and overlaid metric charts." },
  { slug: "training", label: "Training", pending: "Walk-forward training and tuning jobs, with live per-fold progress." },
  { slug: "backtests", label: "Backtests", pending: "Backtests with costs: equity and drawdown curves, trade logs and the deflated Sharpe ratio." },
  { slug: "models", label: "Models", pending: "The model registry: versions, stages, aliases and reviewed promotion." },
  { slug: "deployments", label: "Deployments", pending: "Endpoints serving a model alias or version: single, A/B and shadow." },
  { slug: "monitoring", label: "Monitoring", pending: "Feature drift, live performance and alerts per deployment." },
];

export const SETTINGS_SECTIONS: Section[] = [
  { slug: "settings/members", label: "Members" },
  { slug: "settings/tokens", label: "API tokens" },
  { slug: "settings/audit", label: "Audit log" },
];
