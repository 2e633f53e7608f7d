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
