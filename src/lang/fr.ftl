# Les textes de claimdrop pour les personnes, en français (SPEC §5b). Les identifiants sont les
# nôtres ; les codes du contrat (résultats, constats, actions, colonnes) ne se traduisent pas.

## next_step dans claims.csv et le HTML : une phrase qui dit quoi faire ensuite.
next-add = Ajouter { $missing } avant le { $deadline }, puis soumettre.
next-add-late = L'échéance ({ $deadline }) est passée : ajouter { $missing } et soumettre maintenant, ou demander un délai au programme.
next-fix = Vérifier { $problems }, puis soumettre avant le { $deadline }.
next-fix-late = L'échéance ({ $deadline }) est passée : vérifier { $problems } et soumettre maintenant, ou demander un délai au programme.
next-submit = Soumettre la demande avant le { $deadline }.
next-submit-late = L'échéance ({ $deadline }) est passée : soumettre maintenant, ou demander un délai au programme.
next-answer = L'examinateur demande : { $question } — répondre, puis soumettre à nouveau.
next-answer-plain = Répondre à la demande d'informations de l'examinateur, puis soumettre à nouveau.
next-wait-review = Rien pour l'instant : la demande est chez l'examinateur.
next-wait-payment = Rien pour l'instant : { $amount } { $currency } approuvés, paiement en attente.
next-disputed = Régler le litige avec l'examinateur du programme.
next-paid = Rien : la demande est payée.
next-rejected = Rien : la demande a été rejetée.
next-requests = { $count ->
    [one] Un document demandé est encore attendu.
   *[other] { $count } documents demandés sont encore attendus.
}
list-two = { $first } et { $last }
list-more = { $first }, { $last }

## Ce qu'un constat signifie pour la demande, en mots.
lack-missing_invoice_or_csr = une facture ou une attestation (CSR)
lack-missing_proof = une preuve de réalisation
lack-document_outside_usage_period = un document daté hors de la période d'utilisation
lack-currency_mismatch = un document dans une autre devise que la demande
lack-claimed_exceeds_funds = un montant réclamé supérieur aux fonds de la demande
lack-duplicate_invoice_number = une facture jointe deux fois
lack-fields_unread = une facture dont le montant n'a pas pu être lu (à corriger)
lack-fields_unread-named = ce qui n'a pas pu être lu, à saisir avec claims correct : { $documents }
lack-einvoice_mismatch = une facture électronique dont la page et le XML divergent
lack-deadline_near = l'échéance est proche
lack-deadline_passed = l'échéance est passée

## action dans exceptions.csv et le HTML : quoi faire d'un fichier mis de côté.
action-unmatched = le déplacer dans le dossier de sa demande ou y nommer la demande, ou le classer avec `claimdrop retry CHEMIN --claim ID` ; il est réessayé à la création des demandes
action-ambiguous = il nomme plusieurs demandes : le déplacer dans le dossier de la bonne demande, ou `claimdrop retry CHEMIN --claim ID`
action-claim_locked = sa demande est soumise ou close : il sera classé à sa réouverture ; rien à faire, sauf s'il appartient à une autre demande
action-duplicate = rien : les mêmes octets sont déjà joints ; cette copie peut être supprimée
action-unreadable = l'ouvrir : s'il est abîmé ou incomplet, déposer à nouveau une bonne copie
action-encrypted = le déposer à nouveau sans mot de passe
action-unsupported = le déposer en PDF, tableur, CSV, image ou facture électronique XML
action-empty = il est vide : déposer à nouveau le vrai fichier
action-forbidden = seul un administrateur peut déposer un registre de demandes : lui demander de l'importer
action-detached = rien : un administrateur l'a retiré de sa demande (voir la raison) ; le déplacer une fois traité
action-attached = rien : il est classé
action-held-unreadable = claimdrop ne peut pas le lire : donner à son utilisateur le droit de lire le fichier et son dossier, ou le déplacer

## Les statuts, tels que les lisent les personnes.
status-editing = en préparation
status-submitted = soumise
status-in_review = en examen
status-info_requested = informations demandées
status-approved = approuvée
status-rejected = rejetée
status-disputed = contestée
status-paid = payée

## Le classeur.
sheet-total = Total

## Les pages HTML.
html-title = Demandes de remboursement co-op
html-claim-title = Demande { $claim }
html-generated = Écrit le { $at } depuis le registre des demandes.
html-open-claims = { $count ->
    [one] Une demande ouverte
   *[other] { $count } demandes ouvertes
}
html-no-open-claims = Aucune demande ouverte.
html-days-left = { $days ->
    [0] échéance aujourd'hui
    [one] 1 jour restant
   *[other] { $days } jours restants
}
html-days-late = { $days ->
    [one] 1 jour de retard
   *[other] { $days } jours de retard
}
html-deadline = Échéance le { $deadline }
html-claimed = réclamé
html-approved = approuvé
html-total = total
html-remaining = restant
html-lacks = Il manque encore
html-nothing-lacking = Rien ne manque.
html-next-step = Prochaine étape
html-requests = Demandes de documents ouvertes
html-request = { $kind } demandé à { $from } par { $by }
html-request-due = pour le { $due }
html-history = Historique récent
html-documents = Documents
html-exceptions = Fichiers à examiner
html-no-exceptions = Aucun fichier n'attend une personne.
html-file = Fichier
html-reason = Raison
html-action = Quoi faire
html-claim = Demande
html-kind = Type
html-amount = Montant
html-date = Date
html-vendor = Fournisseur
html-name = Nom
html-when = Quand
html-who = Qui
html-what = Quoi

## Notifications : la ligne qui dit un événement (résumé du webhook, objet et texte du courriel).
## $aside est vide, ou « : » suivi du commentaire, de la note ou du constat.
notify-info-requested = { $claim } : { $actor } demande des informations{ $aside }
notify-status-changed = { $claim } : statut { $from } -> { $to } par { $actor }{ $aside }
notify-deadline-near = { $claim } : l'échéance de soumission approche{ $aside }
notify-deadline-passed = { $claim } : l'échéance de soumission est passée{ $aside }
notify-document-requested = { $claim } : { $by } demande à { $from } un document de type { $kind }{ $due }{ $aside }
notify-due = {" "}pour le { $due }
notify-document-parked = { $file } est en quarantaine ({ $outcome }) : { $reason }
notify-request-fulfilled = { $claim } : la demande { $request } d'un document de type { $kind } a été satisfaite par { $actor }

## Pourquoi un fichier est en quarantaine (son .reason.txt, la colonne `reason` d'exceptions.csv).
reason-link = un lien symbolique : les liens de la boîte de dépôt ne sont pas suivis
reason-pipe = un tube nommé (FIFO), pas un fichier : il n'est pas ouvert
reason-socket = une socket, pas un fichier : elle n'est pas ouverte
reason-device = un fichier de périphérique, pas un document : il n'est pas ouvert
reason-empty = le fichier est vide (0 octet)
reason-too-large = le fichier fait { $bytes } octets, au-delà de limits.max_file_bytes ({ $limit })
reason-mislabelled = nommé .{ $ext } mais son contenu n'est pas { $format ->
    [pdf] un PDF
    [image] une image
    [xml] du XML
   *[workbook] un classeur
} : abîmé ou mal nommé
reason-plain-text = du texte brut : seul le texte CSV est lu
reason-plain-text-named = du texte brut (.{ $ext }) : seul le texte CSV est lu
reason-executable = un programme (en-tête d'exécutable), pas un document
reason-unknown-format = un format que claimdrop ne lit pas (il lit PDF, tableur, CSV, image ou facture électronique XML)
reason-duplicate = les mêmes octets sont déjà joints à { $claim } sous { $archived }
reason-named-claim-missing = la demande { $claim }, nommée pour ce fichier, n'existe pas
reason-claim-locked = la demande { $claim } est { $status } : les documents ne sont joints que tant qu'elle est editing ou info_requested ; mis de côté jusqu'à sa réouverture
reason-ambiguous = { $rule ->
    [folder] le dossier nomme
    [filename] le nom du fichier nomme
    [reference] le contenu (par référence) nomme
    [manual] la personne nomme
   *[content] le contenu nomme
} plusieurs demandes : { $claims }
reason-unmatched = aucun identifiant ni référence de demande connue dans les noms de dossier, le nom du fichier ou le contenu
reason-unmatched-unknown = aucune demande connue trouvée ; { $count ->
    [one] identifiant inconnu vu
   *[other] identifiants inconnus vus
} : { $claims }
reason-cannot-read = impossible de lire le fichier : { $error }
reason-damaged-zip = un conteneur ZIP abîmé : { $error }
reason-damaged-ole2 = un conteneur OLE2 abîmé : { $error }
reason-inflates-over-limit = décompressé, il fait { $bytes } octets, au-delà de limits.max_uncompressed_bytes ({ $limit }) : une bombe de décompression ou un classeur trop gros
reason-bomb = il grossit { $ratio } fois à la décompression ({ $compressed } -> { $inflated } octets) : une bombe de décompression
reason-encrypted = { $what ->
    [pdf] le PDF demande un mot de passe pour s'ouvrir
    [ods] un tableur OpenDocument protégé par mot de passe
    [office] un document Office protégé par mot de passe
   *[workbook] un classeur protégé par mot de passe
}
reason-not-ours = { $what ->
    [word] un document Word
    [powerpoint] une présentation PowerPoint
    [opendocument] un fichier OpenDocument qui n'est pas un tableur
    [word97] un document Word 97-2003
    [powerpoint97] une présentation PowerPoint 97-2003
    [ole2] un fichier OLE2 qui n'est pas un classeur
   *[zip] une archive ZIP
} : claimdrop lit les PDF, tableurs, CSV, images et factures électroniques XML
reason-not-a-workbook = pas un conteneur de classeur
reason-not-readable = pas un fichier { $format } lisible : { $error }
reason-no-sheet = aucune feuille n'a pu être lue ({ $sheets })
reason-reader-failed = le lecteur a échoué sur ce fichier : { $error }
reason-pdf-cut-short = le PDF est tronqué : son dernier objet n'est pas suivi d'une marque de fin de fichier (une copie ou un téléchargement incomplet)
reason-pdf-no-pages = le PDF n'a aucune page (son arbre de pages est cassé)
reason-xml-not-invoice = du XML, mais pas une facture électronique : son élément racine est <{ $root }> (claimdrop lit UBL 2.1 Invoice et CreditNote, CII CrossIndustryInvoice et ZUGFeRD 1.0 CrossIndustryDocument)
reason-xml-dtd = le XML déclare une DTD, que claimdrop refuse : des entités pourraient atteindre hors du fichier ou s'étendre sans limite
reason-xml-too-large = le XML fait { $bytes } octets, au-delà des { $limit } permis pour une facture électronique
reason-xml-too-deep = le XML imbrique des éléments sur plus de { $limit } niveaux
reason-xml-attribute-too-long = le XML a une valeur d'attribut de plus de { $limit } caractères
reason-xml-too-many-nodes = le XML a plus de { $limit } nœuds
reason-xml-encoding = le XML n'est ni en UTF-8, ni en UTF-16, ni en Latin-1
reason-xml-malformed = XML mal formé : { $error }
reason-reader-confused = le lecteur a répondu autre chose que ce qui était demandé
reason-reader-nonsense = le lecteur a répondu des choses sans suite : { $error }
reason-timeout = sa lecture a duré plus que limits.document_timeout_secs ({ $seconds } s)
reason-reader-died = le lecteur est mort en le lisant ({ $how })
reason-register-refused = registre refusé : { $why }
reason-bad-pattern = motif d'identifiant de demande invalide : { $error }
death-abort = il s'est arrêté : mémoire épuisée ou erreur interne
death-crash = il a planté : débordement de pile ou faute mémoire
death-cpu = il a épuisé son temps de calcul
death-signal = signal { $signal }
death-exit = code de sortie { $code }
death-unknown = inconnu : { $error }

## Les registres de demandes et les champs d'une demande.
plain = { $text }
register-row = ligne { $row } : { $why }
register-row-of = ligne { $row } ({ $claim }) : { $why }
register-unreadable = { $file } : lecture impossible : { $error }
register-file = { $file } : { $why }
register-no-sheet = le classeur n'a aucune feuille
register-too-many-cells = plus de { $limit } cellules : pas un registre
register-empty = le registre est vide
register-missing-column = colonne « { $column } » absente (l'en-tête doit nommer { $required })
register-twice = la demande apparaît deux fois (d'abord à la ligne { $first })
register-bad-claim-id = claim_id « { $claim } » ne suit pas le motif des identifiants de demande
register-usage-reversed = usage_end { $end } précède usage_start { $start }
field-empty = { $field } est vide
field-not-currency = { $field } « { $value } » n'est pas un code ISO 4217
field-not-date = { $field } « { $value } » n'est pas une date ({ $written })
field-not-number = { $field } « { $value } » n'est pas un nombre
field-negative = { $field } « { $value } » est négatif
field-two-ways = { $field } « { $value } » se lit de deux façons ({ $separator } comme séparateur de milliers ou de décimales) : l'écrire avec deux décimales, comme 1500.00 ou 1500,00
field-too-many-decimals = { $field } « { $value } » a plus de { $decimals } décimales
status-unknown = statut inconnu « { $status } » (parmi { $known })
status-refused = le statut est { $from } ; il ne peut pas passer à { $to } (suivants permis : { $allowed })
status-refused-final = le statut est { $from } ; il ne peut pas passer à { $to } (aucun suivant : il est définitif)

## Le registre des demandes et ses enregistrements.
store-sqlite = registre des demandes : { $error }
store-unusable = registre des demandes { $store } : { $why }
store-none = aucun registre des demandes ici (lancer d'abord `claimdrop init`)
store-none-shared = la base ne contient aucun registre claimdrop (`claimdrop store migrate --to URL` en crée un)
store-password-file = impossible de lire le fichier de mot de passe { $file } : { $error }
store-not-empty = la base contient déjà un registre claimdrop : `store migrate` ne copie que dans une base vide
store-copy-failed = la copie de { $table } a échoué, rien n'a été copié : { $why }
store-raced = un autre démon a classé les mêmes octets ou pris le même nom ({ $sha }) au même moment : rien n'a été écrit, et c'est décidé à nouveau
store-shared-not-served = ceci ne se fait que sur un registre SQLite
store-older = schéma en version { $version }, ce claimdrop lit la version { $reads } (toute commande qui écrit le met à jour)
store-newer = schéma en version { $version }, plus récent que ce claimdrop ({ $reads })
store-not-attached = n'est pas joint à la demande { $claim }
store-corrupt = { $what } enregistré « { $value } » invalide
claim-missing = la demande { $claim } n'existe pas
claim-exists = la demande { $claim } existe déjà
claim-refused = demande { $claim } : { $why }
request-missing = la demande de document { $request } n'existe pas
request-not-open = la demande de document { $request } est { $status }, pas ouverte
document-missing = aucun document joint n'a le SHA-256 { $sha }
reason-register-forbidden = le propriétaire du registre, { $owner }, n'a aucun rôle d'administrateur : seul un incentives_admin ou un global_admin peut modifier les demandes
reason-no-reader = impossible de lancer un lecteur pour ce fichier : { $error }
reason-detached = retiré de { $claim } par { $actor } : { $comment }
# Tout le .reason.txt : le résultat reste un code.
reason-file =
    résultat : { $outcome }
    raison : { $reason }
    déposé dans : { $path }
    type : { $kind }
reason-file-detached =
    résultat : { $outcome }
    raison : { $reason }
    était : { $path }
    type : { $kind }
register-sheet = feuille « { $sheet } » : { $error }

## Le détail des constats (dans claims.csv `findings` reste en codes ; ceci est pour `claims show` et le HTML).
finding-missing-invoice-or-csr = aucune facture et aucune attestation (CSR) jointe
finding-missing-proof = aucune preuve de réalisation jointe
finding-dated = { $kind } { $name } : date du { $date }
finding-outside = { $documents } (utilisation du { $start } au { $end }, factures jusqu'à l'échéance du { $deadline })
finding-in-currency = { $kind } { $name } en { $currency }
finding-currency = { $documents } (la demande est en { $currency } ; non compté dans funds_claimed)
finding-not-read = { $kind } { $name } : non lu : { $fields }
finding-not-read-scan = { $kind } { $name } : non lu : { $fields } (pas de couche texte, et l'OCR est désactivé ou absent)
finding-not-read-scan-failed = { $kind } { $name } : non lu : { $fields } (pas de couche texte, et l'OCR n'a pu lire aucune de ses pages)
error-ocr-missing = [ocr] enabled = true, mais Tesseract n'est pas installé (Debian : apt install tesseract-ocr tesseract-ocr-fra poppler-utils)
finding-unread = { $documents } (funds_claimed ne compte que les montants lus)
finding-contradicted = { $kind } { $name } : { $said }
finding-over-funds = funds_claimed { $claimed } { $currency } > funds_total { $total } { $currency }
finding-also-attached = la facture { $number } ({ $vendor }) est aussi jointe à { $claims }
finding-unknown-vendor = fournisseur inconnu
finding-attached-twice = la facture { $number } ({ $vendor }) est jointe { $count } fois à cette demande ({ $names }) : comptée une fois
finding-deadline-passed = { $days ->
    [one] l'échéance du { $deadline } est passée depuis 1 jour
   *[other] l'échéance du { $deadline } est passée depuis { $days } jours
}
finding-deadline-near = { $days ->
    [0] l'échéance est le { $deadline }, aujourd'hui
    [one] l'échéance est le { $deadline }, dans 1 jour
   *[other] l'échéance est le { $deadline }, dans { $days } jours
}
reason-held-unreadable = claimdrop n'a pas le droit de le lire : { $error }. Il reste dans la boîte de dépôt et sera réessayé dès que son mode, son propriétaire ou son contenu change, sinon après un moment
reason-held-unremovable = classé, mais claimdrop n'a pas le droit de le retirer de la boîte de dépôt : { $error }. Le retirer à la main

## Ce que disent les commandes, et leurs erreurs.
error-internal = claimdrop ne peut pas exécuter ceci ici : { $what }
error-flag = { $flag } : { $why }
error-flag-date = { $flag } « { $value } » n'est pas une date (AAAA-MM-JJ)
error-not-submittable = demande { $claim } : le statut est { $status } ; seule une demande editing ou info_requested peut être soumise
error-submit-refused = la demande { $claim } n'est pas soumise : { $findings }. Les corriger, ou soumettre quand même avec --force (noté dans l'historique)
error-comment-empty = le commentaire est vide
error-request-kind = --kind « { $kind } » : une demande de document vise une facture (invoice), une attestation (csr), une preuve (proof) ou des mesures (metrics)
error-from-nobody = --from ne nomme personne
error-nothing-to-correct = rien à corriger : donner --amount, --currency, --document-date, --invoice-number ou --vendor
error-claim-closed = la demande { $claim } est { $status } : les documents ne sont joints que tant qu'elle est editing ou info_requested
error-already-there = le document est déjà joint à { $claim }
error-detach-comment = --comment dit pourquoi le document est retiré de sa demande
error-import-refused = { $file } : refusé, rien n'a été importé
error-not-created = demande non créée : { $why }
error-not-sha = « { $typed } » n'est pas un SHA-256 : le donner en entier, ou au moins ses 8 premiers caractères
error-no-sha = aucun document joint n'a un SHA-256 commençant par { $typed }
error-several-sha = { $count } documents ont un SHA-256 commençant par { $typed } : en donner davantage
error-ask-comment = demande { $claim } : demander des informations exige --comment disant ce qui est attendu ; le partenaire le reçoit
error-reject-comment = demande { $claim } : un rejet exige --comment disant pourquoi
error-approve-amount = demande { $claim } : une approbation exige --funds-approved N, le montant approuvé (au plus les { $claimed } { $currency } réclamés)
error-approve-over = demande { $claim } : --funds-approved { $approved } dépasse les { $claimed } { $currency } réclamés
error-pack = impossible d'emballer la demande { $claim }
said-imported = Importé { $file } : { $created } créées, { $updated } mises à jour, { $unchanged } inchangées
said-commented = Commentaire ajouté à { $claim }
said-requested = Demande de document { $request } : { $kind } pour { $claim } demandé à { $from }
said-request-cancelled = Demande de document { $request } ({ $kind } pour { $claim }) annulée
said-corrected = { $claim } : corrigé { $details }
said-moved = Déplacé de { $from } vers { $to } : { $path }
said-detached = Retiré de { $from } : { $path }
said-created = Demande { $claim } créée (editing)
said-claims = { $count ->
    [one] { $count } demande
   *[other] { $count } demandes
}
said-packed = Écrit { $file } : { $documents } documents ({ $bytes } octets), index.csv, summary.html, history.csv
broken-missing = l'entrée { $entry } manque (la suivante est { $next })
broken-link = ne se lie pas à l'entrée précédente
broken-changed = son contenu a été modifié après son écriture
said-history-intact = historique intact : { $entries } entrées, chaque lien vérifié
said-history-broken = historique rompu à l'entrée { $entry } : { $why }
said-store-sqlite = registre : SQLite { $file }, schéma version { $version }
said-store-postgres = registre : PostgreSQL { $url } (serveur { $server }), schéma version { $version }
said-store-empty = la base ne contient encore aucun registre claimdrop (`claimdrop store migrate --to URL` en crée un)
said-store-counts = { $claims } demandes, { $documents } documents, { $entries } entrées d'historique, { $exceptions } fichiers en quarantaine
said-store-no-writer = aucun démon ni commande ne l'écrit en ce moment
said-store-writer = écrit en ce moment par le processus claimdrop { $pid } sur cet hôte
said-store-writer-unknown = écrit en ce moment par un autre processus claimdrop sur cet hôte
said-store-filer = de service (dossiers revus, échéances, rapports) : { $filer }
said-store-no-filer = aucun démon n'est de service en ce moment
said-store-lease = le démon sur { $host } (pid { $pid }) tient { $leases } fichiers
said-store-copied = { $table } copiée : { $rows } lignes
said-store-migrated = le registre est désormais aussi dans { $url }, son historique intact ({ $entries } entrées, chaque lien vérifié) ; indiquer `[store] url` pour que claimdrop y travaille
said-unchecked = il n'a pas pu être vérifié
said-differs = diffère : { $path } (enregistré { $recorded }, ses octets sont maintenant { $now })
said-missing-file = manquant : { $path } ({ $error })
said-evidence = preuves : { $files } fichiers, { $mib } Mio recalculés en { $seconds } s ({ $rate } fichiers/s) : { $bad ->
    [0] chaque fichier tel qu'enregistré
   *[other] { $bad } diffèrent ou manquent
}
said-evidence-bad = { $bad } fichiers archivés diffèrent du registre ou manquent
error-none-parked = aucun des fichiers nommés n'est mis de côté (unmatched, ambiguous ou claim_locked) en quarantaine
said-reports = rapports écrits dans { $folder }
said-parked-attached = { $count ->
    [one] { $count } fichier mis de côté joint
   *[other] { $count } fichiers mis de côté joints
}
error-not-filed = { $count ->
    [one] { $count } fichier n'a pas pu être classé et reste où il est
   *[other] { $count } fichiers n'ont pas pu être classés et restent où ils sont
} (voir le journal ci-dessus) ; { $workspace } est à jour par ailleurs
error-no-self = impossible de trouver claimdrop lui-même
error-cannot-create = { $path } : création impossible
error-cannot-write = { $path } : écriture impossible
said-init = Espace de travail prêt dans { $folder }
said-init-config = écrit { $file } (vous, { $user }, en êtes le global_admin)
said-init-kept = { $file } existant conservé
said-init-inbox = déposer les documents dans { $folder }
error-needs-admin = { $command } exige le rôle incentives_admin ou global_admin ; { $user } a le rôle { $role } (voir [roles] dans claimdrop.toml)
error-no-cwd = impossible de lire le dossier courant
error-no-daemon = impossible de joindre le démon sur { $socket }
error-daemon-failed = échec (code de sortie { $code })
error-not-writing = seules les commandes qui écrivent l'espace de travail sont envoyées au démon
error-store-url = { $url } n'est pas une URL PostgreSQL (postgres://utilisateur@hôte[:port]/base)
error-store-already-shared = le registre de cet espace de travail est déjà { $url }
error-register-bytes = les octets du registre sont abîmés
error-not-utf8 = { $arg } : seuls des arguments en UTF-8 peuvent être envoyés au démon
error-man = impossible de produire la page de manuel
error-runtime = impossible de démarrer l'environnement d'exécution

## La configuration (claimdrop.toml) : chaque message suit la clé qu'il concerne.
config-not-regex = pas une expression régulière : { $error }
config-matches-empty = correspond à la chaîne vide
config-no-kinds = il faut au moins un dossier de dépôt
config-not-folder = « { $folder } » n'est pas un simple nom de dossier
config-overlaps = chevauche { $first } : chaque dossier de claimdrop doit être à part des autres
config-database-in-inbox = à l'intérieur de paths.inbox
config-at-least-1 = doit valoir au moins 1
config-over-0 = doit être supérieur à 0
config-not-pattern = « { $pattern } » n'est pas un motif : { $error }
config-not-cron = « { $expression } » n'est pas une expression cron : { $error }
config-delimiter = « { $delimiter } » doit être un seul caractère, comme « , » ou « ; »
config-not-url = « { $url } » n'est pas une adresse http:// ou https://
config-not-port = doit être un numéro de port
config-not-address = « { $address } » n'est pas une adresse électronique
config-smtp-pair = smtp_user et smtp_password_file vont ensemble
config-store-url = une URL PostgreSQL (postgres://utilisateur@hôte[:port]/base), ou rien pour le fichier SQLite
config-store-lease = au moins 5 secondes
config-person-address = { $user } : « { $address } » n'est pas une adresse électronique
workspace-missing = espace de travail { $folder } : ce dossier n'existe pas
workspace-not-folder = espace de travail { $folder } : pas un dossier
workspace-locked = l'espace de travail { $folder } est verrouillé par un autre processus claimdrop ; réessayer quand il aura fini
workspace-locked-by = l'espace de travail { $folder } est verrouillé par un autre processus claimdrop (pid { $pid }) ; réessayer quand il aura fini
workspace-none = { $folder } n'est pas un espace de travail claimdrop (ni claimdrop.toml ni registre des demandes) : rien n'a été classé ni créé ; en créer un avec `claimdrop init { $folder }`
pack-altered = { $path } : ses octets ne sont pas ceux classés (SHA-256 { $found }, classé comme { $expected }) ; rien n'a été emballé, voir `claimdrop verify --evidence`
error-no-reader = impossible de lancer un lecteur de documents ({ $executable }) : { $error }

## Ce que signifie un constat, pour une personne (pourquoi `claims submit` refuse).
meaning-missing_invoice_or_csr = aucune facture ni attestation (CSR) n'est jointe
meaning-missing_proof = aucune preuve de réalisation n'est jointe
meaning-document_outside_usage_period = un document est daté hors de la période d'utilisation
meaning-currency_mismatch = un document est dans une autre devise que la demande
meaning-claimed_exceeds_funds = le montant réclamé dépasse les fonds de la demande
meaning-duplicate_invoice_number = la même facture est jointe deux fois
meaning-deadline_near = l'échéance est proche
meaning-deadline_passed = l'échéance est passée
meaning-fields_unread = le montant, la devise ou la date d'une facture n'a pas pu être lu
meaning-einvoice_mismatch = la page d'une facture électronique dit autre chose que son XML
error-pack-in-inbox = { $file } est dans la boîte de dépôt, où il serait classé comme un dépôt : écrire le paquet ailleurs (--out)

## La démonstration.
error-demo-not-empty = { $folder } : pas vide ; la démonstration demande un dossier nouveau ou vide
error-demo-folder = impossible de créer un dossier pour la démonstration
demo-dropped = { $count } fichiers d'exemple déposés dans { $folder }
demo-claim = { $claim }  { $status }, échéance { $deadline } { $currency } : { $invoices } factures, { $csrs } attestations, { $proofs } preuves, { $metrics } mesures ; réclamé { $claimed } sur { $total }
demo-to-fix = reste à corriger : { $findings }
demo-quarantine = en quarantaine, pour qu'une personne les examine :
demo-scan-read = une facture scannée, lue par OCR : { $name } : { $vendor }, { $number } du { $date }, { $amount } { $currency }
demo-scan-unread = une facture scannée, jointe sans être lue : { $name } n'a pas de couche texte et l'OCR n'est pas installé (Debian : tesseract-ocr, poppler-utils)
demo-workspace = Espace de démonstration : { $folder }
demo-where =
    {"  "}rapports :   { $reports }
    {"  "}synthèse :   { $summary }   (l'ouvrir dans un navigateur)
    {"  "}archive :    { $archive }
    {"  "}essayer :    claimdrop --workspace { $folder } claims list
    {"              "}claimdrop --workspace { $folder } watch   (puis déposer des fichiers dans inbox/)

## Les types de documents dans les phrases (les colonnes gardent les codes).
kind-invoice = facture
kind-csr = attestation (CSR)
kind-proof = preuve
kind-metrics = mesures
kind-register = registre

## Le socket des commandes.
error-not-socket = { $path } existe et n'est pas un socket
error-bad-request = une requête que le démon ne peut pas lire : { $error }
