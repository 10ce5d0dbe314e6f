;;; eglot-test.el --- the language server under Emacs's eglot, configured by the README  -*- lexical-binding: t -*-
;;
;;   emacs --batch -Q -l test/emacs/eglot-test.el
;;
;; Environment: NGINX_LSP_README (the README.md whose eglot snippet is run), NGINX_LSP_FILE (a file
;; under .../sites-available/ to open; `nginx-language-server' must be on the PATH).
;; Prints PASS/FAIL lines that test/emacs/eglot.test.ts reads back, then DONE; exit status 0 when
;; every check passed, 1 otherwise.

(require 'package)
;; Debian's elpa-eglot (Emacs 28 has no eglot of its own) lives here.
(add-to-list 'package-directory-list "/usr/share/emacs/site-lisp/elpa")
(package-initialize)

(defvar nginx-test-failures 0)
(defun nginx-test-report (name ok detail)
  (unless ok (setq nginx-test-failures (1+ nginx-test-failures)))
  (princ (format "%s %s%s\n" (if ok "PASS" "FAIL") name (if ok "" (concat ": " detail)))))

(defun nginx-test-readme-snippet (readme)
  "The elisp between the README's test/emacs markers."
  (with-temp-buffer
    (insert-file-contents readme)
    (goto-char (point-min))
    (let* ((start (and (search-forward "<!-- test/emacs: eglot -->" nil t)
                       (search-forward "```elisp\n" nil t)))
           (end (and start (search-forward "```" nil t) (match-beginning 0))))
      (and start end (buffer-substring-no-properties start end)))))

(defun nginx-test-wait (predicate seconds)
  "Runs the event loop until PREDICATE holds or SECONDS pass; returns whether it held."
  (let ((deadline (+ (float-time) seconds)))
    (while (and (not (funcall predicate)) (< (float-time) deadline))
      (accept-process-output nil 0.1))
    (funcall predicate)))

(let* ((snippet (nginx-test-readme-snippet (getenv "NGINX_LSP_README")))
       (file (getenv "NGINX_LSP_FILE")))
  (nginx-test-report "README eglot snippet found" (and snippet t) "no ```elisp block between the markers")
  (when snippet
    ;; The README's text, evaluated as init.el would be.
    (eval (car (read-from-string (concat "(progn\n" snippet "\n)"))) t)
    (find-file file)
    (nginx-test-report "README auto-mode-alist opens sites-available files in nginx-mode"
                       (eq major-mode 'nginx-mode) (format "major mode is %s" major-mode))
    ;; eglot-ensure connects from a command loop hook, which batch mode never runs: connect the way
    ;; it would, with the server program the README names.
    (apply #'eglot (eglot--guess-contact))
    (let ((server (eglot-current-server)))
      (nginx-test-report "eglot connects to nginx-language-server" (and server t) "no server")
      (when server
        (let ((found (nginx-test-wait
                      (lambda () (seq-find (lambda (d) (string-match-p "proxy_passs" (flymake-diagnostic-text d)))
                                           (flymake-diagnostics)))
                      20)))
          (dolist (d (flymake-diagnostics))
            (princ (format "INFO %s %s\n" (flymake-diagnostic-type d) (flymake-diagnostic-text d))))
          (nginx-test-report "flymake shows the unknown-directive error"
                             (and found (eq (flymake-diagnostic-type found) 'eglot-error)
                                  (save-excursion
                                    (goto-char (flymake-diagnostic-beg found))
                                    (looking-at "proxy_passs")))
                             (format "%S" (mapcar #'flymake-diagnostic-text (flymake-diagnostics)))))
        (ignore-errors (eglot-shutdown server))))))

(princ (format "DONE fail=%d\n" nginx-test-failures))
(kill-emacs (if (> nginx-test-failures 0) 1 0))
