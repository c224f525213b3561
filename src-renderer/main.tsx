import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import './styles/base.css';
import './styles/entities-colors.css';
import './styles/entity-picker.css';
import './styles/app.css';
import './styles/library.css';
import './styles/reader.css';
import './styles/history.css';
import './styles/entities.css';
import './styles/notes.css';
import './styles/search.css';
import './styles/backups.css';
import './styles/dossiers.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element.');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
